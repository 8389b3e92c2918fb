// Starts GOV.UK Frontend's components (Exit this page, error summary, character
// count...). Every page works without it; it only adds convenience.
import { initAll } from "./build/govuk-frontend.min.js";

initAll();
