"""办件 pages, one module per resource: case (detail, transition, task, and the helpers the others share), applicant, staff, files, pickup, commitments."""
