"""What tests share besides data (tests/factories.py), each module named for what it
holds: signing in (staff), the public journey (journey), reading pages (pages), the case
page's actions (case_actions), rows read back (rows), advocacy's and retention's cast
(advocacy, retention), the portal started as a process (startup), forms and their junk
(forms); in a real browser, the back office (browser), the public journey
(browser_journey), the case page (browser_case_page) and the live server's data (live).
Modules here hold no tests."""
