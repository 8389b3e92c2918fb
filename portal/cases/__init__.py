"""The register's cases and the back office that runs them through their procedure.

models.py and vocab.py hold the register; rules.py the procedure as data;
services.py what an officer does; views.py the /staff/cases/ blueprint. The
package imports nothing on purpose: routing, intake and the register import
``portal.vocab.cases`` and ``portal.models.cases``, and must not pull in the
back office's views (and through them routing again) as they do.
"""
