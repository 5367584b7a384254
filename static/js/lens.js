// The language lens under a text field (templates/conversations/_lens.jinja). One tap on an
// alternative puts it in place of the phrase; "Keep my words" dismisses a hint for as long as the
// page is open. Nothing here stops the form being saved. The hidden input beside the box counts
// the hints shown and taken up ("shown,taken"), sent with the form for the team's monthly figures.
(() => {
  const kept = new Map(); // field id -> phrases the person chose to keep (lower case)
  const counted = new WeakMap(); // hidden input -> { shown: Set of phrases, taken: number }

  function counts(fieldId) {
    const input = document.querySelector(`[data-lens-counts="${fieldId}"]`);
    if (!input) return null;
    if (!counted.has(input)) counted.set(input, { shown: new Set(), taken: 0 });
    return { input, count: counted.get(input) };
  }

  function write({ input, count }) {
    input.value = `${count.shown.size},${count.taken}`;
  }

  // A form on the page, or one htmx has just put there (the emptied handover form), starts at 0,0:
  // an empty value tells the server that no hint could show while typing.
  function start(root) {
    root.querySelectorAll("[data-lens-counts]").forEach((input) => {
      if (!input.value) write(counts(input.dataset.lensCounts));
    });
  }

  function place(field, hint, alternative) {
    const phrase = hint.dataset.phrase;
    const value = field.value;
    let start = Number(hint.dataset.start);
    // The server counts characters as Python does (an emoji is one, here two), and the text may
    // have changed since the hint came: then the phrase is looked for again.
    if (value.slice(start, start + phrase.length) !== phrase) {
      start = value.indexOf(phrase);
      if (start < 0) return false;
    }
    field.value = value.slice(0, start) + alternative + value.slice(start + phrase.length);
    field.focus();
    // "chose not to …": select the gap, so the person types straight into it.
    const gap = alternative.indexOf("\u2026");
    const caret = gap >= 0 ? start + gap : start + alternative.length;
    field.setSelectionRange(caret, gap >= 0 ? caret + 1 : caret);
    // Counts the characters again and asks the lens again, as typing would.
    field.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  }

  function hideKept(box) {
    const phrases = kept.get(box.dataset.lensFor);
    if (!phrases) return;
    box.querySelectorAll("[data-lens-hint]").forEach((hint) => {
      if (phrases.has(hint.dataset.phrase.toLowerCase())) hint.remove();
    });
    if (!box.querySelector("[data-lens-hint]")) box.replaceChildren();
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-lens-alternative], [data-lens-dismiss]");
    const hint = button && button.closest("[data-lens-hint]");
    const box = hint && hint.closest("[data-lens-for]");
    const field = box && document.getElementById(box.dataset.lensFor);
    if (!field) return;
    if (button.hasAttribute("data-lens-dismiss")) {
      const phrases = kept.get(field.id) || new Set();
      phrases.add(hint.dataset.phrase.toLowerCase());
      kept.set(field.id, phrases);
      field.focus();
    } else if (place(field, hint, button.dataset.lensAlternative)) {
      const found = counts(field.id);
      if (found) {
        found.count.taken += 1;
        write(found);
      }
    } else {
      return;
    }
    hint.remove();
    if (!box.querySelector("[data-lens-hint]")) box.replaceChildren();
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const box = event.detail.target;
    if (!(box instanceof Element && box.matches("[data-lens-for]"))) return;
    hideKept(box);
    const found = counts(box.dataset.lensFor);
    if (!found) return;
    box.querySelectorAll("[data-lens-hint]").forEach((hint) => {
      found.count.shown.add(hint.dataset.phrase.toLowerCase());
    });
    write(found);
  });

  document.addEventListener("htmx:load", (event) => start(event.detail.elt));
  start(document);
})();
