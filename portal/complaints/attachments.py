"""Which of a draft's answers are files (issue 19): the list on "Add a photo, a drawing, a
screenshot or a document" and the voice notes that answer a question.

An answer holds a file's id (a StoredFile under the draft's ``draft_token``) and what to
show of it; the bytes stay in the database. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

#: The answer that lists the files added on the "add-files" page.
FILES = "files"
#: The answer holding the voice note that answers a question, and the written answer it
#: may stand for (questions.Step.voice).
VOICE_FIELDS: dict[str, str] = {
    "what_happened_voice": "description",
    "how_affected_voice": "how_affected",
}
#: What a voice note's StoredFile.note says, so staff see which question it answers (the
#: convention the case page reads: "what_happened" or "how_affected").
VOICE_NOTE_QUESTION: dict[str, str] = {
    "what_happened_voice": "what_happened",
    "how_affected_voice": "how_affected",
}


def answered_by_voice(answers: Mapping[str, Any]) -> frozenset[str]:
    """The written answers a voice note stands for: a voice note alone answers them."""
    return frozenset(field for name, field in VOICE_FIELDS.items()
                     if voice_note(answers, name) is not None)


def listed(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The files on the "add-files" page's list, in the order they were added."""
    found = answers.get(FILES)
    return [dict(item) for item in found if isinstance(item, Mapping)] \
        if isinstance(found, list) else []


def voice_note(answers: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    found = answers.get(name)
    return dict(found) if isinstance(found, Mapping) and "id" in found else None


def file_ids(answers: Mapping[str, Any]) -> list[int]:
    """Every file the answers hold: none for most forms, so sending one without files costs
    no statement more (tests/integration/complaints/test_submit_statements.py)."""
    ids = [int(item["id"]) for item in listed(answers) if "id" in item]
    for name in VOICE_FIELDS:
        note = voice_note(answers, name)
        if note is not None:
            ids.append(int(note["id"]))
    return ids


def renumber(answers: MutableMapping[str, Any], new_ids: Mapping[int, int]) -> None:
    """Give each file answer its re-created file's id (a saved form restored); a file that
    could not be re-created leaves the answers."""
    if FILES in answers:
        answers[FILES] = [{**item, "id": new_ids[int(item["id"])]} for item in listed(answers)
                          if int(item.get("id", 0)) in new_ids]
    for name in VOICE_FIELDS:
        note = voice_note(answers, name)
        if note is None:
            continue
        if int(note["id"]) in new_ids:
            answers[name] = {**note, "id": new_ids[int(note["id"])]}
        else:
            answers.pop(name, None)
