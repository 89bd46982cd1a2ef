from django.core.management.base import BaseCommand, CommandError, CommandParser

from assist.grouping import group_procedure
from cms.procedures import ProcedurePage


class Command(BaseCommand):
    help = "Group a procedure's statements: identical, near-duplicate, similar concern."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("procedure_id", type=int)
        parser.add_argument(
            "--ohne-anliegen",
            action="store_true",
            dest="no_concerns",
            help="Nur gleichlautende und fast gleichlautende Stellungnahmen gruppieren.",
        )

    def handle(self, *args, procedure_id: int, no_concerns: bool, **options) -> None:
        procedure = ProcedurePage.objects.filter(pk=procedure_id).first()
        if procedure is None:
            raise CommandError(f"Es gibt kein Verfahren mit der Nummer {procedure_id}.")
        summary = group_procedure(procedure.pk, concerns=not no_concerns)
        self.stdout.write(f"Verfahren „{procedure.title}“: {summary.statements} Stellungnahmen.")
        self.stdout.write(f"Gleichlautende Gruppen: {summary.identical_groups}.")
        self.stdout.write(
            f"Fast gleichlautende Gruppen: {summary.near_groups} "
            f"mit {summary.in_near_groups} Stellungnahmen."
        )
        if no_concerns:
            self.stdout.write("Ähnliche Anliegen: nicht berechnet (--ohne-anliegen).")
        elif summary.concerns_skipped:
            self.stdout.write(
                "Ähnliche Anliegen: übersprungen, zu viele verschiedene Texte für eine Berechnung "
                "im Arbeitsspeicher."
            )
        else:
            self.stdout.write(
                f"Ähnliche Anliegen: {summary.concerns} mit {summary.in_concerns} Stellungnahmen."
            )
        self.stdout.write(f"Dauer: {summary.seconds:.1f} s.")
