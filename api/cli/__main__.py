"""``python -m aikg.api.cli``: the ``aikg`` command."""

from . import main

__all__: list[str] = []

if __name__ == "__main__":
    main()
