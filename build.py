#!/usr/bin/env python3
"""Build, check or preview the IP credit disclosure site. See README.md or `python build.py --help`."""

from ipcredit.cli import leave, main

if __name__ == "__main__":
    leave(main())
