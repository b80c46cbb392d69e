#!/usr/bin/env python3
"""Build, check or preview the IP credit disclosure site. See README.md or `python build.py --help`."""

import sys

from ipcredit.cli import main

if __name__ == "__main__":
    sys.exit(main())
