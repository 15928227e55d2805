"""Create a session (``POST /sessions``) or edit its title and status (``PATCH /sessions/{id}``).

Both forms validate inline, keep the input on failure (Retry), and are disabled with an explanation
in read-only mode. Kinds and statuses are suggested from the library, most common first; picking a
project file suggests the kind from its extension.
"""

from __future__ import annotations

import logging
import ntpath
import posixpath
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from shiboken6 import isValid

from sessiondock_launcher.api import Session
from sessiondock_launcher.core import messages
from sessiondock_launcher.core.edits import SaveResult
from sessiondock_launcher.core.imports import KIND_BY_EXTENSION, kind_for_path
from sessiondock_launcher.tr_noop import QT_TRANSLATE_NOOP
from sessiondock_launcher.ui.common.forms import add_row, new_form
from sessiondock_launcher.ui.common.hold import PaletteHold
from sessiondock_launcher.ui.common.tasks import TaskRunner
from sessiondock_launcher.ui.common.theme import SPACE, Theme
from sessiondock_launcher.ui.editors.draft import (
    DEFAULT_STATUSES,
    MAX_TAG_CHARS,
    MAX_TAGS,
    NewSessionDraft,
    TagProblem,
    respell_tags,
    tag_problem,
)
from sessiondock_launcher.ui.editors.editing import EditController
from sessiondock_launcher.ui.editors.panel import EditorPanel
from sessiondock_launcher.ui.editors.tags import TagInput

logger = logging.getLogger(__name__)

MAX_TITLE = 200
LEFT_OUT_CHARS = 120
"""Characters of the "not taken from the search" line (a 256-character search fits twice)."""


def _is_absolute(path: str) -> bool:
    return posixpath.isabs(path) or ntpath.isabs(path)


def pick_project_path(parent: QWidget, hold: PaletteHold | None = None) -> str:
    """Native file picker; the palette stays open while it is up (under ``hold``)."""
    with hold or PaletteHold():
        patterns = " ".join(f"*{ext}" for ext in KIND_BY_EXTENSION)
        path, _ = QFileDialog.getOpenFileName(
            parent,
            QCoreApplication.translate("Editors", "Choose the project"),
            "",
            QCoreApplication.translate(
                "Editors", "DAW projects ({patterns});;All files (*)"
            ).format(patterns=patterns),
        )
    return path


def _combo(values: list[str], current: str, parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(values)
    combo.setCurrentText(current)
    return combo


def _merge(first: list[str], defaults: tuple[str, ...]) -> list[str]:
    seen = {v.casefold() for v in first}
    return first + [d for d in defaults if d.casefold() not in seen]


def _title_problem(title: str) -> str:
    if not title.strip():
        return QCoreApplication.translate("Editors", "Give the session a title.")
    if len(title) > MAX_TITLE:
        return QCoreApplication.translate(
            "Editors", "Keep the title under {count} characters."
        ).format(count=MAX_TITLE)
    return ""


def _tags_problem(tags: list[str]) -> str:
    problem = tag_problem(tags)
    if problem is TagProblem.TOO_MANY:
        return QCoreApplication.translate(
            "Editors", "A session can have at most {count} tags."
        ).format(count=MAX_TAGS)
    if problem is TagProblem.TOO_LONG:
        return QCoreApplication.translate(
            "Editors", "Keep each tag under {count} characters."
        ).format(count=MAX_TAG_CHARS)
    if problem is TagProblem.CONTROL:
        return QCoreApplication.translate("Editors", "A tag cannot contain control characters.")
    return ""


def _left_out_text(left_out: tuple[str, ...]) -> str:
    shown = " ".join(left_out)
    if len(shown) > LEFT_OUT_CHARS:
        shown = shown[: LEFT_OUT_CHARS - 1].rstrip() + "…"
    return QCoreApplication.translate("Editors", "Not taken from the search: {filters}").format(
        filters=shown
    )


class SessionFieldsEditor(EditorPanel):
    """Title and status of one session; sends only what changed."""

    what = QT_TRANSLATE_NOOP("Messages", "Editing sessions")

    def __init__(
        self,
        session: Session,
        editing: EditController,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("Editors", "Edit — {title}").format(
                title=session.display_title
            ),
            editing,
            tasks,
            parent=parent,
        )
        self.session = session
        form = new_form(label_width=0)
        self.title = QLineEdit(session.title, self)
        self.title.setAccessibleName(QCoreApplication.translate("Editors", "Title"))
        self.status = _combo(
            _merge(editing.known_values("status"), DEFAULT_STATUSES), session.status, self
        )
        self.status.setAccessibleName(QCoreApplication.translate("Editors", "Status"))
        add_row(form, QCoreApplication.translate("Editors", "Title"), self.title, self)
        add_row(form, QCoreApplication.translate("Editors", "Status"), self.status, self)
        self.body.addLayout(form)
        self.title.returnPressed.connect(self.submit)
        self.title.textChanged.connect(self.input_edited)
        self.setFocusProxy(self.title)
        self.refresh_gate()

    def changes(self) -> dict[str, str]:
        fields = {"title": self.title.text().strip(), "status": self.status.currentText().strip()}
        return {k: v for k, v in fields.items() if v != getattr(self.session, k)}

    def set_inputs_enabled(self, enabled: bool) -> None:
        self.title.setEnabled(enabled)
        self.status.setEnabled(enabled)

    def has_changes(self) -> bool:
        return bool(self.changes())

    def validate(self) -> str:
        return _title_problem(self.title.text())

    async def perform(self) -> SaveResult:
        changes = self.changes()
        if not changes:
            return SaveResult(True, session=self.session)
        return await self.editing.save_fields(self.session, changes)


class NewSessionForm(EditorPanel):
    """``New session…``: title, kind (suggested), project path (picker), status and tags.

    ``draft`` (a search that found nothing) prefills title, tags, kind and status so the new
    session lands in that search; what it starts with is the baseline of :meth:`has_changes`
    (Esc on an untouched prefilled form closes without asking).
    """

    what = QT_TRANSLATE_NOOP("Messages", "Creating sessions")
    discard_question = messages.DISCARD_NEW_SESSION

    def __init__(
        self,
        editing: EditController,
        tasks: TaskRunner,
        theme: Theme,
        *,
        pick_path: Callable[[QWidget], str] = pick_project_path,
        draft: NewSessionDraft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            QCoreApplication.translate("Editors", "New session"),
            editing,
            tasks,
            save_label=QCoreApplication.translate("Editors", "Create"),
            parent=parent,
        )
        self._pick_path = pick_path
        form = new_form(label_width=0)
        self.title = QLineEdit(self)
        self.title.setAccessibleName(QCoreApplication.translate("Editors", "Title"))
        self.title.setPlaceholderText(QCoreApplication.translate("Editors", "e.g. Launch cue prep"))
        draft = draft or NewSessionDraft()
        self.title.setText(draft.title.strip())  # the search that found nothing
        kinds = editing.known_values("kind")
        self.kind = _combo(kinds, kinds[0] if kinds else "", self)
        self.kind.setAccessibleName(QCoreApplication.translate("Editors", "Kind"))
        self._kind_touched = draft.kind is not None  # the search's kind wins over a path's
        if draft.kind is not None:
            self.kind.setCurrentText(draft.kind)
        path_row = QHBoxLayout()
        path_row.setSpacing(SPACE.s)
        self.path = QLineEdit(self)
        self.path.setAccessibleName(QCoreApplication.translate("Editors", "Project path"))
        self.path.setPlaceholderText(QCoreApplication.translate("NewSessionForm", "Optional"))
        self.browse = QPushButton(QCoreApplication.translate("Editors", "Choose…"), self)
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse)
        self.status = _combo(
            _merge(editing.known_values("status"), DEFAULT_STATUSES), draft.status or "draft", self
        )
        self.status.setAccessibleName(QCoreApplication.translate("Editors", "Status"))
        self.tags = TagInput(theme, self)
        self.tags.set_tags(draft.tags)
        for label, field in (
            (QCoreApplication.translate("Editors", "Title"), self.title),
            (QCoreApplication.translate("Editors", "Kind"), self.kind),
            (QCoreApplication.translate("Editors", "Project"), path_row),
            (QCoreApplication.translate("Editors", "Status"), self.status),
        ):
            add_row(form, label, field, self)
        add_row(form, QCoreApplication.translate("Editors", "Tags"), self.tags, self).setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        self.body.addLayout(form)
        self.left_out = QLabel(_left_out_text(draft.left_out), self)
        self.left_out.setObjectName("editorHint")
        self.left_out.setWordWrap(True)
        self.left_out.setVisible(bool(draft.left_out))
        self.body.addWidget(self.left_out)
        self.browse.clicked.connect(self._browse)
        self.path.textChanged.connect(self._suggest_kind)
        kind_field = self.kind.lineEdit()
        assert kind_field is not None  # the combo is editable
        kind_field.textEdited.connect(self._on_kind_edited)
        self.title.returnPressed.connect(self.submit)
        self.title.textChanged.connect(self.input_edited)
        self.setFocusProxy(self.title)
        self.tags.submitted.connect(self.submit)
        self.tags.tags_changed.connect(self.input_edited)
        self._baseline = self._state()
        self.refresh_gate()
        tasks.spawn(self._load_suggestions(), "tag-suggestions")

    async def _load_suggestions(self) -> None:
        counts = await self.editing.tag_suggestions()
        if isValid(self.tags):
            self.tags.set_suggestions(counts)
            self._respell_prefilled([count.tag for count in counts])

    def _respell_prefilled(self, known: list[str]) -> None:
        """Untouched prefilled tags take the library's spelling ("Mix", not a second "mix")."""
        title, kind, path, status, opened = self._baseline
        if not opened or tuple(self.tags.tags()) != opened:
            return  # nothing prefilled, or the user has changed the tags: theirs
        respelled = respell_tags(opened, known)
        if respelled != opened:
            self._baseline = (title, kind, path, status, respelled)
            self.tags.set_tags(respelled)

    def fields(self) -> dict[str, Any]:
        optional = {
            "kind": self.kind.currentText().strip(),
            "projectPath": self.path.text().strip(),
            "status": self.status.currentText().strip(),
        }
        body: dict[str, Any] = {"title": self.title.text().strip()}
        body.update({name: value for name, value in optional.items() if value})
        tags = self.tags.tags()
        if tags:
            body["tags"] = tags
        return body

    def set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.title, self.kind, self.path, self.browse, self.status, self.tags):
            widget.setEnabled(enabled)

    def _state(self) -> tuple[str, str, str, str, tuple[str, ...]]:
        return (
            self.title.text().strip(),
            self.kind.currentText().strip(),
            self.path.text().strip(),
            self.status.currentText().strip(),
            tuple(self.tags.tags()),
        )

    def has_changes(self) -> bool:
        """Input differs from what the form opened with (a title only cleared loses nothing)."""
        title, *rest = self._state()
        given, *opened = self._baseline
        return bool(title and title != given) or rest != opened

    def validate(self) -> str:
        problem = _title_problem(self.title.text()) or _tags_problem(self.tags.tags())
        path = self.path.text().strip()
        if not problem and path and not _is_absolute(path):
            problem = QCoreApplication.translate(
                "Editors", "The project path must be a full path (use Choose…)."
            )
        return problem

    async def perform(self) -> SaveResult:
        return await self.editing.create(self.fields())

    def _browse(self) -> None:
        path = self._pick_path(self)
        if path:
            self.path.setText(path)
            if not self.title.text().strip():
                self.title.setText(PurePath(path.rstrip("/\\")).stem)

    def _on_kind_edited(self, _text: str) -> None:
        self._kind_touched = True

    def _suggest_kind(self, path: str) -> None:
        kind = kind_for_path(path)
        if kind and not self._kind_touched:
            self.kind.setCurrentText(kind)
