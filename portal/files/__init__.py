"""Files from the public and from staff (issue 19): photos, drawings, screenshots, documents
and voice notes.

What a file is comes from its bytes (``sniff``); what is kept has nothing in it that gives
a child away or harms whoever opens it (``clean``); it is scanned for viruses (``scan``),
then stored in chunks beside its case (``services``). Pure parts (sniff, clean, refusals,
names) import no Flask and no database.
"""
