"""MEM602 whole-file-read: `for line in f.readlines():` holds every line of the file at once.

The fix iterates the file object, which reads one buffered line at a time; the lines and their
endings are the same. run_effect.py writes the input log (2,000,000 lines, 108 MB) first.
"""
import json


def count_errors(path):
    errors = 0
    chars = 0
    with open(path) as f:
        for line in f.readlines():
            if "ERROR" in line:
                errors += 1
            chars += len(line)
    return errors, chars


def main():
    errors, chars = count_errors("events.log")
    print("RESULT " + json.dumps({"errors": errors, "chars": chars}))


if __name__ == "__main__":
    main()
