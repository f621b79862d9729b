"""The pages of transitions, one module per group of pages; ``transitions/urls.py`` maps them."""
