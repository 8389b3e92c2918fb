"""Intake: taking a complaint, compliment or comment, from the public journey or an officer's log.

questions.py and journey.py hold the questions and their order; validation.py checks the
answers; drafts.py keeps an unfinished journey; services.py submits (routes it, starts its
clock, offers advocacy, raises any safety alert); offline.py logs one taken by phone,
letter, email or visit. The pages are in portal.web.complaints.
"""
