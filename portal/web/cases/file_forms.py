"""The forms of the case's files: a document added by staff, and what a voice note says."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.common.forms import PortalForm
from portal.common.widgets import GovFileInput, GovRadioInput, GovSubmitInput, GovTextArea
from portal.files.documents import MAX_SAID
from portal.files.services import MAX_NOTE
from portal.staff.labels import choices
from portal.vocab.files import DocumentType

E_NO_FILE = _l("Choose the document to add")
E_NO_TYPE = _l("Choose what the document is")
E_NOTE_LONG = _l("Write a note of %(n)s characters or fewer", n="2,000")
E_SAID_EMPTY = _l("Write what the voice note says")
E_SAID_LONG = _l("Write %(n)s characters or fewer", n="10,000")


class DocumentForm(PortalForm):
    document = FileField(_l("Document"), widget=GovFileInput(),
                         description=_l("A PDF, or a photo or scan of the pages (JPEG, PNG "
                                        "or WebP)."),
                         validators=[FileRequired(E_NO_FILE)])
    document_type = RadioField(_l("What it is"), widget=GovRadioInput(),
                               validators=[InputRequired(E_NO_TYPE)])
    note = TextAreaField(_l("Note (optional)"), widget=GovTextArea(),
                         description=_l("For example, what it is about or who sent it."),
                         validators=[Optional(), Length(max=MAX_NOTE, message=E_NOTE_LONG)])
    submit = SubmitField(_l("Add the document"), widget=GovSubmitInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.document_type.choices = choices(DocumentType)


class SaidForm(PortalForm):
    said = TextAreaField(_l("What the voice note says"), widget=GovTextArea(),
                         description=_l("Type what was said, as it was said."),
                         validators=[DataRequired(E_SAID_EMPTY),
                                     Length(max=MAX_SAID, message=E_SAID_LONG)])
    submit = SubmitField(_l("Save what was said"), widget=GovSubmitInput())
