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
