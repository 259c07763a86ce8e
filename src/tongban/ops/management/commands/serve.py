"""Serve Tongban with granian: workers that respawn, static files from STATIC_ROOT."""

import os
import shutil
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tongban.ops.serving import ServeOptions, granian_argv


class Command(BaseCommand):
    help = "用 granian 启动服务（工作进程意外退出时自动重启）/ serve with granian, respawning failed workers"

    def add_arguments(self, parser):
        defaults = ServeOptions()
        parser.add_argument("--host", default=defaults.host)
        parser.add_argument("--port", type=int, default=defaults.port)
        parser.add_argument("--workers", type=int, default=defaults.workers)
        parser.add_argument("--threads", type=int, default=defaults.threads)
        parser.add_argument("--no-static", action="store_true",
                            help="static files are served by a reverse proxy in front")

    def handle(self, *args, **options):
        executable = shutil.which("granian", path=os.path.dirname(sys.executable)) or shutil.which("granian")
        if executable is None:
            raise CommandError("granian is not installed in this environment")
        static_root = None
        if not options["no_static"]:
            call_command("collectstatic", interactive=False, verbosity=0)
            static_root = settings.STATIC_ROOT
        argv = granian_argv(executable, ServeOptions(
            host=options["host"], port=options["port"], workers=options["workers"], threads=options["threads"],
            static_root=static_root))
        self.stdout.write(f"==> {' '.join(argv)}")
        self.stdout.flush()
        # exec: granian becomes this process, so a supervisor (systemd, the demo script) signals it directly
        os.execv(executable, argv)
