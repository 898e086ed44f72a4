"""MEM201 list-rebuilt-under-same-name: a comprehension rebuilds a list under its own name.

While the comprehension runs, the old list and the new one are both alive. The fix updates the
list in place, one element at a time.
"""
import json


def scaled_readings(n):
    readings = [float(i % 1000) for i in range(n)]
    readings = [r * 1.5 + 2.0 for r in readings]
    return sum(readings), len(readings)


def main():
    total, count = scaled_readings(4_000_000)
    print("RESULT " + json.dumps({"total": total, "count": count}))


if __name__ == "__main__":
    main()
