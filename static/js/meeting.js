// Meeting mode on a shared screen (templates/successes/wall.jinja): when someone starts it, the wall
// moves slowly down a screenful at a time, then back to the top, so nobody has to stand at the
// keyboard. Off until asked for; the same button pauses it.
(() => {
  const EVERY_MS = 15000;

  function start(button) {
    let timer = null;

    function step() {
      const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      const behavior = reduced ? "auto" : "smooth";
      if (atBottom) {
        window.scrollTo({ top: 0, behavior });
      } else {
        // Most of a screen, so the last story of one view is the first of the next.
        window.scrollBy({ top: Math.round(window.innerHeight * 0.8), behavior });
      }
    }

    function set(moving) {
      if (moving) {
        timer = window.setInterval(step, EVERY_MS);
      } else {
        window.clearInterval(timer);
        timer = null;
      }
      button.textContent = moving ? "Pause" : "Move through the stories";
    }

    button.addEventListener("click", () => set(timer === null));
    button.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const button = document.querySelector(".app-meeting-advance");
    if (button) start(button);
  });
})();
