// One statement at a time (templates/trip/round_step.jinja): an answer is saved when the person
// confirms it, never merely passed over. Arrow keys in a radio group check each option they pass
// and fire "change" (Chromium even fires "click"), so the form does not save on "change" alone.
// A tap or click on an option confirms it, and so does Space on the focused option: then the form
// asks htmx to save it (hx-trigger="confirm") and the confirmation shows under the options. Enter
// or "Next" posts the whole form as it would without JavaScript: it saves and moves on.
(() => {
  let pointed = false; // the last thing the person did was press a pointer on an option

  const form = (element) => element instanceof Element && element.closest("form[data-confirm-answer]");

  document.addEventListener("pointerdown", (event) => {
    pointed = Boolean(form(event.target) && event.target.closest(".nhsuk-radios__item"));
  });
  document.addEventListener("keydown", () => {
    pointed = false;
  });

  document.addEventListener("change", (event) => {
    const answering = form(event.target);
    if (answering && event.target.type === "radio" && pointed) {
      pointed = false;
      htmx.trigger(answering, "confirm");
    }
  });

  document.addEventListener("keyup", (event) => {
    const answering = form(event.target);
    const radio = event.target;
    if (!answering || event.key !== " " || radio.type !== "radio") return;
    // Space checks the option once this event is done with (and fires no "change" if it was
    // already checked): look after that, so confirming a chosen option saves it too.
    setTimeout(() => radio.checked && htmx.trigger(answering, "confirm"));
  });
})();
