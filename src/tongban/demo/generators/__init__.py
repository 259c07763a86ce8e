"""Generated history for the demo district: cases, then their ratings, and 12345 tickets.

Written in bulk as a migration from a legacy system would be (one "imported" audit entry per row);
``cases`` holds the people, serials and working-day steps the other two share.
"""
