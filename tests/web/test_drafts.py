"""Unfinished forms expire: their answers and files are deleted after the documented period."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Attachment, Draft


def test_purge_deletes_stale_drafts_and_their_files_but_keeps_recent_ones(app):
    folder = Path(app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "stalefile").write_bytes(b"%PDF-1.4")
    with app.app_context():
        old = Draft(token_hash="a" * 64, answers={"kind": {"kind": "complaint"}},
                    updated_at=datetime.now(timezone.utc) - timedelta(days=31))
        recent = Draft(token_hash="b" * 64, answers={})
        db.session.add_all([old, recent])
        db.session.flush()
        db.session.add(Attachment(draft_id=old.id, stored_name="stalefile", original_name="x.pdf",
                                  content_type="application/pdf", size=8))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["drafts", "purge"])
    assert result.exit_code == 0 and "deleted 1 expired drafts" in result.output
    assert not (folder / "stalefile").exists()
    with app.app_context():
        assert db.session.scalars(select(Draft.token_hash)).all() == ["b" * 64]
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
