// Starts GOV.UK Frontend's components (Exit this page, error summary, character
// count...). Every page works without it; it only adds convenience.
import { initAll } from "./build/govuk-frontend.min.js";

initAll();

// Warn a few minutes before the journey's answers are forgotten
// (templates/components/session-timeout.html). Without JavaScript the notice on
// every question page says the same; "Yes, I need more time" restarts the clock.
const timeoutDialog = document.getElementById("timeout-dialog");
if (timeoutDialog && typeof timeoutDialog.showModal === "function") {
  const idle = Number(timeoutDialog.dataset.idleSeconds);
  const warn = Number(timeoutDialog.dataset.warnSeconds);
  let timer;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => timeoutDialog.showModal(), Math.max(idle - warn, 1) * 1000);
  };
  timeoutDialog.addEventListener("close", () => {
    // The page's CSRF token, as a form field: the portal refuses a POST without it.
    const body = new URLSearchParams({ csrf_token: timeoutDialog.dataset.csrf || "" });
    fetch(timeoutDialog.dataset.keepAlive, { method: "POST", credentials: "same-origin", body })
      .finally(arm);
  });
  arm();
}

// "Listen" on a question page (templates/components/listen.html): the browser's own
// speech reads the question and its hint aloud, in the page's language; nothing is sent
// anywhere. The button is rendered hidden and shown only while the device has a voice
// for that language (voices may arrive after the page, hence "voiceschanged").
const listen = document.getElementById("listen");
const speech = window.speechSynthesis;
if (listen && speech && typeof window.SpeechSynthesisUtterance === "function") {
  const lang = document.documentElement.lang || "en";
  const primary = (tag) => String(tag || "").toLowerCase().replace(/_/g, "-").split("-")[0];
  const words = { listen: listen.textContent.trim(), stop: listen.dataset.stopText || "" };
  let voice = null;
  let current = null; // the utterance being spoken, if any

  const findVoice = () => {
    const voices = Array.from(speech.getVoices() || []);
    const exact = voices.find((v) => String(v.lang).toLowerCase() === lang.toLowerCase());
    return exact || voices.find((v) => primary(v.lang) === primary(lang)) || null;
  };
  const showIfVoice = () => {
    voice = findVoice();
    listen.hidden = !voice;
    if (!voice && current) stop();
  };
  // The page's question and hints, in order: the heading, then each field's legend or
  // label and hint (not the answers, nor the fields shown only under an answer).
  const questionText = () => {
    const main = document.querySelector("main");
    const form = main && main.querySelector("form");
    const nodes = [main && main.querySelector("h1")];
    if (form) {
      nodes.push(...form.querySelectorAll(
        ".govuk-fieldset__legend, .govuk-label:not(.govuk-radios__label):not(" +
        ".govuk-checkboxes__label):not(.govuk-date-input__label), .govuk-hint:not(" +
        ".govuk-radios__hint):not(.govuk-checkboxes__hint)"));
    }
    const parts = [];
    for (const node of nodes) {
      if (!node || node.closest(".govuk-radios__conditional, .govuk-checkboxes__conditional")) {
        continue;
      }
      const text = node.textContent.replace(/\s+/g, " ").trim();
      // The heading is often the first legend too: said once.
      if (text && !(parts.length && parts[parts.length - 1].startsWith(text))) {
        parts.push(/[.?!:]$/.test(text) ? text : text + ".");
      }
    }
    return parts.join(" ");
  };
  const stop = () => {
    current = null;
    speech.cancel();
    listen.textContent = words.listen;
  };

  listen.addEventListener("click", () => {
    if (current) {
      stop();
      return;
    }
    speech.cancel(); // anything still queued from before
    const utterance = new window.SpeechSynthesisUtterance(questionText());
    utterance.lang = lang;
    utterance.voice = voice;
    const done = () => {
      if (current === utterance) {
        current = null;
        listen.textContent = words.listen;
      }
    };
    utterance.onend = done;
    utterance.onerror = done;
    current = utterance;
    listen.textContent = words.stop;
    speech.speak(utterance);
  });
  showIfVoice();
  if (typeof speech.addEventListener === "function") {
    speech.addEventListener("voiceschanged", showIfVoice);
  }
}
