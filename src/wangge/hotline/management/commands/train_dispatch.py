"""`wangge train_dispatch`: train the smart-dispatch model on finished orders and report its accuracy."""

import json

from django.core.management.base import BaseCommand, CommandError

from wangge.hotline.dispatch_model import train


class Command(BaseCommand):
    help = "Train smart dispatch (jieba + TF-IDF + logistic regression) and save it under var/."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200_000, help="most recent finished orders to use")
        parser.add_argument("--test-fraction", type=float, default=0.2)
        parser.add_argument("--json", action="store_true", help="print the metrics as JSON")

    def handle(self, *args, **opts):
        try:
            result = train(limit=opts["limit"], test_fraction=opts["test_fraction"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"trained on {result.samples} orders, tested on {result.test}: top-1 {result.top1:.1%}, "
            f"top-3 {result.top3:.1%}; catalogue baseline top-1 {result.baseline_top1:.1%}; "
            f"category top-1 {result.category_top1:.1%}\nsaved to {result.path}")
