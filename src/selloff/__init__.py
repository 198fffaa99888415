"""selloff: foreign Treasury sell-offs, their yield impact and the federal interest bill."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("selloff")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
