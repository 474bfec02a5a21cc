import sys

from returnees.cli import main

sys.exit(main())
