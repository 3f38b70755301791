"""The session layer: one audit being answered, and the question engine both front ends present.

`AuditSession` moves through the questions and saves every change; `questions` says what a key
or a typed reply stands for and words the refusals; `review` tallies what is left before the
finish.
"""

from audit.session.audit_session import AuditSession, JumpTarget
from audit.session.review import Problem, ReviewItem, ReviewSummary

__all__ = ["AuditSession", "JumpTarget", "Problem", "ReviewItem", "ReviewSummary"]
