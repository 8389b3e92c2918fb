"""The council and the lists it keeps: teams and categories."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.common.dates import Nation
from portal.db.base import Base, TimestampMixin
from portal.db.types import enum_column


class Council(TimestampMixin, Base):
    """One council. ``settings`` is the JSON a council edits (see settings/council.py)."""

    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    nation: Mapped[Nation] = mapped_column(enum_column(Nation))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    teams: Mapped[list[Team]] = relationship(back_populates="council", order_by="Team.name")
    categories: Mapped[list[Category]] = relationship(
        back_populates="council", order_by="Category.name"
    )


class Team(Base):
    """A team or service area a representation can be about (the council's own names)."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("council_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    name: Mapped[str] = mapped_column(String(200))
    social_care: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)

    council: Mapped[Council] = relationship(back_populates="teams")


class Category(Base):
    """What a representation is about, in the council's own words (a case may have several)."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("council_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)

    council: Mapped[Council] = relationship(back_populates="categories")
