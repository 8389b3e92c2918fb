// A voice note instead of writing (templates/components/voice-note.html, issue 19 part 3).
// Without this script the page offers an audio box (a phone opens its recorder). With it,
// where the browser can record (MediaRecorder), the box gives way to a recorder: Record, a
// visible timer, Stop, an <audio> player to listen back, Record again and Delete. The
// recording is put in the form's audio box, so it is sent with the form like a chosen file;
// nothing is sent anywhere before the child presses Continue.
const recorder = document.querySelector("[data-voice-recorder]");
const box = document.querySelector("[data-voice-box]");
const input = document.getElementById("voice");

const canRecord = recorder && box && input && typeof window.MediaRecorder === "function"
  && navigator.mediaDevices && typeof navigator.mediaDevices.getUserMedia === "function"
  && typeof window.DataTransfer === "function";

if (canRecord) {
  const part = (name) => recorder.querySelector(`[data-voice-${name}]`);
  const record = part("record");
  const stop = part("stop");
  const timer = part("timer");
  const status = part("status");
  const player = part("player");
  const again = part("again");
  const remove = part("delete");
  const words = recorder.dataset;
  let media = null;
  let chunks = [];
  let started = 0;
  let ticking = null;
  let url = null;

  const show = (element, shown) => { element.hidden = !shown; };
  const clock = (ms) => {
    const seconds = Math.floor(ms / 1000);
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  };
  const clear = () => {
    input.value = "";
    if (url) URL.revokeObjectURL(url);
    url = null;
    player.removeAttribute("src");
    show(player, false);
    show(again, false);
    show(remove, false);
    show(timer, false);
    show(record, true);
    status.textContent = "";
  };
  const kept = (blob) => {
    const type = (blob.type || "audio/webm").split(";")[0];
    const ending = type.includes("mp4") ? "m4a" : type.includes("ogg") ? "ogg" : "webm";
    const file = new File([blob], `voice-note.${ending}`, { type });
    const list = new DataTransfer();
    list.items.add(file);
    input.files = list.files;
    url = URL.createObjectURL(blob);
    player.src = url;
    show(player, true);
    show(again, true);
    show(remove, true);
    status.textContent = words.recordedText;
  };
  const begin = async () => {
    clear();
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      status.textContent = words.noMicrophoneText;
      show(box, true);
      show(recorder, false);
      return;
    }
    chunks = [];
    media = new MediaRecorder(stream);
    media.addEventListener("dataavailable", (event) => {
      if (event.data && event.data.size) chunks.push(event.data);
    });
    media.addEventListener("stop", () => {
      stream.getTracks().forEach((track) => track.stop());
      clearInterval(ticking);
      show(stop, false);
      kept(new Blob(chunks, { type: media.mimeType || "audio/webm" }));
      again.focus();
    });
    media.start();
    started = Date.now();
    timer.textContent = "0:00";
    show(timer, true);
    show(record, false);
    show(stop, true);
    status.textContent = words.recordingText;
    ticking = setInterval(() => { timer.textContent = clock(Date.now() - started); }, 250);
    stop.focus();
  };

  record.addEventListener("click", begin);
  again.addEventListener("click", begin);
  stop.addEventListener("click", () => { if (media && media.state !== "inactive") media.stop(); });
  remove.addEventListener("click", () => { clear(); record.focus(); });
  show(box, false);
  show(recorder, true);
}
