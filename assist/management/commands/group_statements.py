from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from assist.grouping import group_procedure
from cms.procedures import ProcedurePage


class Command(BaseCommand):
    help = "Group a procedure's statements: identical, nearly identical, similar concern."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("procedure_id", type=int)
        parser.add_argument(
            "--ohne-anliegen",
            action="store_true",
            dest="no_concerns",
            help="Only identical and nearly identical statements, no similar concerns.",
        )

    def handle(self, *args, procedure_id: int, no_concerns: bool, **options) -> None:
        procedure = ProcedurePage.objects.filter(pk=procedure_id).first()
        if procedure is None:
            raise CommandError(
                _("There is no procedure with the number %(id)d.") % {"id": procedure_id}
            )
        summary = group_procedure(procedure.pk, concerns=not no_concerns)
        lines = [
            _("Procedure “%(title)s”: %(count)d statements.")
            % {"title": procedure.title, "count": summary.statements},
            _("Identical groups: %(count)d.") % {"count": summary.identical_groups},
            _("Nearly identical groups: %(groups)d with %(count)d statements.")
            % {"groups": summary.near_groups, "count": summary.in_near_groups},
        ]
        if no_concerns:
            lines.append(_("Similar concerns: not computed (--ohne-anliegen)."))
        elif summary.concerns_skipped:
            lines.append(
                _("Similar concerns: skipped, too many different texts to compute in memory.")
            )
        else:
            lines.append(
                _("Similar concerns: %(concerns)d with %(count)d statements.")
                % {"concerns": summary.concerns, "count": summary.in_concerns}
            )
        lines.append(_("Took %(seconds).1f s.") % {"seconds": summary.seconds})
        self.stdout.write("\n".join(lines))
