// Rating a statement (templates/trip/round_step.jinja, one at a time, and templates/trip/round.jinja,
// all on one page): an answer is saved when the person confirms it, never merely passed over.
// Arrow keys in a radio group check each option they pass and fire "change" (Chromium even fires
// "click"), so the form does not save on "change" alone. A tap or click on an option confirms it,
// and so does Space on the focused option: then the form asks htmx to save it (hx-trigger="confirm")
// and the confirmation shows under the options. On its own page, Enter or "Next" posts the whole
// form as it would without JavaScript: it saves and moves on. The page of all statements has no
// "Next" (data-confirm-answer="on-leaving"): there, leaving the options confirms the one the
// arrow keys stopped on, and leaving a note box saves the note.
(() => {
  let pointed = false; // the last thing the person did was press a pointer on an option
  const sent = new WeakMap(); // form -> the option its last save sent

  const form = (element) => element instanceof Element && element.closest("form[data-confirm-answer]");
  const onLeaving = (answering) => answering.dataset.confirmAnswer === "on-leaving";
  const chosen = (answering) => answering.querySelector("input[type=radio]:checked")?.value;

  function confirm(answering) {
    htmx.trigger(answering, "confirm");
  }

  document.addEventListener("pointerdown", (event) => {
    pointed = Boolean(form(event.target) && event.target.closest(".nhsuk-radios__item"));
  });
  document.addEventListener("keydown", () => {
    pointed = false;
  });

  document.addEventListener("change", (event) => {
    const answering = form(event.target);
    if (!answering) return;
    if (event.target.type === "radio" ? pointed : event.target.type === "textarea" && onLeaving(answering)) {
      pointed = false;
      confirm(answering);
    }
  });

  document.addEventListener("keyup", (event) => {
    const answering = form(event.target);
    const radio = event.target;
    if (!answering || event.key !== " " || radio.type !== "radio") return;
    // Space checks the option once this event is done with (and fires no "change" if it was
    // already checked): look after that, so confirming a chosen option saves it too.
    setTimeout(() => radio.checked && confirm(answering));
  });

  document.addEventListener("focusout", (event) => {
    const answering = form(event.target);
    const radio = event.target;
    if (!answering || radio.type !== "radio" || !onLeaving(answering)) return;
    // Arrow keys move the focus from option to option: only leaving the group counts.
    if (event.relatedTarget?.name === radio.name) return;
    // The option the page was drawn with is already saved; so is the one the last save sent.
    const saved = sent.has(answering) ? sent.get(answering) : answering.querySelector("input[checked]")?.value;
    if (chosen(answering) !== saved) confirm(answering);
  });

  // Whatever sent it (an option confirmed, a note box left), a save carries the option chosen then.
  document.addEventListener("htmx:configRequest", (event) => {
    const answering = event.detail.elt;
    if (answering instanceof HTMLFormElement && answering.hasAttribute("data-confirm-answer")) {
      sent.set(answering, chosen(answering));
    }
  });
})();
