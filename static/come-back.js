// "Come back to a saved form": a link emailed to the child carries the code after the #
// (portal/complaints/saved.py), which a browser never sends to a server, so it reaches
// no log. Put it in the box, then take it out of the address bar and the history.
const match = /[#&]code=([0-9A-Za-z-]{1,40})/.exec(window.location.hash);
const box = document.getElementById("code");
if (match && box && !box.value) {
  box.value = match[1];
}
if (match) {
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
}
