"""Every page and endpoint: the blueprints, their forms and what builds a page.

One subpackage per area (public, complaints, cases, advocacy, staff, councils, register,
retention, safety, audit, notifications). Views read and change things through the layers
below (complaints, advocacy, cases, register...), never the other way round; errors.py
holds the error pages.
"""
