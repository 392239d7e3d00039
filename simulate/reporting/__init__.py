"""The proposal appendix: a Word document and an HTML page of one or more scenarios.

>>> from simulate.reporting import write_report
>>> write_report(["company_registration/baseline",
...               "company_registration/half_day_parallel"], "报告")   # doctest: +SKIP
"""

from simulate.reporting.content import Figure, Heading, Paragraph, Report, Table, build_report
from simulate.reporting.make import write_report
from simulate.reporting.web import write_html
from simulate.reporting.word import write_docx

__all__ = [
    "Figure",
    "Heading",
    "Paragraph",
    "Report",
    "Table",
    "build_report",
    "write_docx",
    "write_html",
    "write_report",
]
