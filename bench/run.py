"""The benchmark: from a clean database, the API and the floor on the same rows, per backend.

    scripts/bench.sh [--backends mysql,edgedb] [--quick] [--out results.json]

For each backend it migrates a fresh `meetifyr_bench` database, starts the API (one uvicorn
worker), lets the harness seed and measure every scenario, then starts the floor on the same
database and measures its GETs on the very same meetings. Then the same GETs again while
another writer bumps those meetings' versions all the time (bench.bumper), against the API and
against the JSON floor. Between them, a full meeting and 2,000 event streams over two API
processes (bench.full_meeting, bench.streams). It prints tables with the ratios the performance
targets are written in. Last, the soak (bench.soak): one process serving both backends under
mixed load for --soak-minutes (10), after a warm-up.
"""

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from app.backends.edgedb import migrations as edgedb_migrations
from app.backends.edgedb.connection import is_configured as edgedb_configured
from app.backends.mysql.migrate import server_connection
from app.backends.mysql.migrate import upgrade as mysql_upgrade
from app.settings import Settings
from bench import big_meetings, full_meeting, limits, soak, streams, times

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_HARNESS = ROOT.parent / "shared" / "perf" / "bench_api.py"
DATABASE = "meetifyr_bench"
API_PORT, FLOOR_PORT, OTHER_API_PORT = 18000, 18001, 18002

# Reads of a meeting that changed elsewhere, against the floor that answers the database's
# own JSON document: the least ratio the targets ask for.
STALE_TARGET = 0.8
# Change-to-event p99 with 2,000 streams over two processes.
STREAM_P99_TARGET_MS = 250
# Big meetings: a change costs what it changes.
MINIMAL_SIZE_TARGET = 0.9  # minimal day changes/s, full meeting against a small one
ANSWERED_SIZE_TARGET = 0.7  # answered day changes/s on a full meeting against change + GET
BURST_TARGET = 1.5  # median of the last 50 joins against the first 50
FAN_OUT_EVENT_BYTES = 2048
FAN_OUT_RSS_MB = 200
# Times (issue 24): a meeting of 100 participants with 1,116 slots.
TIMES_BODY_BYTES = 250_000
TIMES_SIZE_TARGET = 0.7  # paintings/s on it against a meeting of 2 participants
TIMES_FLOOR_TARGET = 0.5  # against the floor that makes the same writes
TIMES_GET_TARGET = 3.0  # a cached GET against the floor read

# Load before the soak's RSS baseline is taken: caches and pools filled.
SOAK_WARMUP_S = 60

# (scenario, what it is compared with, the least ratio the targets ask for)
GETS = ("get_p10", "get_p100")
TARGETS = [
    ("get_p10", "get_p10", 0.8),
    ("get_p100", "get_p100", 3.0),  # unchanged meeting: the body is reused
    ("patch_onoff", "get_p10", 0.6),
    ("post_participant", "get_p10", 0.4),
]


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def bench_env(backend: str) -> dict[str, str]:
    return {
        **os.environ,
        "MYSQL_DB": DATABASE,
        "EDGEDB_DATABASE": DATABASE,
        "FLOOR_BACKEND": backend,
        # The harness's meetings are in March 2025, expired before they are made: the sweep
        # (first at a random moment of its first interval) would delete them mid-measurement.
        "EXPIRY_SWEEP_MINUTES": str(60 * 24 * 365),
        # The benchmark measures the API, not its rate limits (which the limits run measures).
        **dict.fromkeys(
            ("CREATES_PER_HOUR", "JOINS_PER_MINUTE", "CHANGES_PER_MINUTE", "STREAMS_PER_CLIENT"),
            "0",
        ),
    }


def fresh_database(backend: str) -> None:
    settings = Settings()
    if backend == "mysql":
        with server_connection(settings) as conn, conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{DATABASE}`")
        asyncio.run(mysql_upgrade(settings, DATABASE))
    else:
        asyncio.run(edgedb_migrations.drop_database(settings, DATABASE))
        asyncio.run(edgedb_migrations.apply(settings, DATABASE))


def port_busy(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def server(app: str, port: int, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    if port_busy(port):
        raise SystemExit(f"port {port} is in use: stop what listens there and run again")
    # The API writes a log line per request: kept, as in production, but not on this screen.
    log = Path(tempfile.gettempdir()) / f"meetifyr-bench-{port}.log"
    log_file = log.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            app,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
        cwd=ROOT,
        stderr=log_file,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/none", timeout=1)
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"{app} did not start on port {port}; see {log}") from None
                time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)
        log_file.close()


@contextmanager
def bumper(backend: str, url_codes: list[str], env: dict[str, str]) -> Iterator[list[int]]:
    """bench.bumper on these meetings; the list gets its rounds per second once it stopped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.bumper", backend, *url_codes],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )
    rate: list[int] = []
    try:
        time.sleep(1)
        yield rate
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=30)
        rate.append(int(out.strip() or 0))


def harness(args: argparse.Namespace, extra: list[str], out: Path) -> dict[str, Any]:
    timing = ["--duration", "3", "--repeat", "1", "--warmup", "1"] if args.quick else []
    subprocess.run(
        [sys.executable, str(args.harness), *timing, *extra, "--out", str(out)],
        check=False,  # exit 2 means non-2xx answers: reported in the table
        stdout=subprocess.DEVNULL,
    )
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def measure_gets(
    args: argparse.Namespace, port: int, backend: str, seeds: Path, out: Path
) -> dict[str, Any]:
    """The harness's GETs against the server on `port`, on the meetings the API seeded."""
    extra = ["--base-url", f"http://127.0.0.1:{port}", "--backend", backend]
    if port != API_PORT:
        extra += ["--seed-url", f"http://127.0.0.1:{API_PORT}"]
    return harness(args, [*extra, "--load-seeds", str(seeds), "--scenarios", ",".join(GETS)], out)


def measure_big(backend: str, env: dict[str, str]) -> dict[str, Any]:
    with server("asgi:app", OTHER_API_PORT, env) as big:
        log(f"{backend}: big meetings: a change's cost, a crowd joining, patch streams")
        settings = Settings()
        return big_meetings.measure(
            OTHER_API_PORT, big.pid, backend, settings.max_participants, settings.max_range_days
        )


def measure_times(backend: str, env: dict[str, str]) -> dict[str, Any]:
    with server("asgi:app", OTHER_API_PORT, env):
        log(f"{backend}: times: a meeting of {times.PARTICIPANTS} participants with 1,116 slots")
        big, small, body_bytes = times.seed_both(OTHER_API_PORT, backend)
        api = times.measure_api(OTHER_API_PORT, backend, big, small)
    with server("bench.floor:app", FLOOR_PORT, {**env, "FLOOR_KIND": "times"}):
        log(f"{backend}: times: the floor's paintings and reads of the same meeting")
        floor = times.measure_floor(FLOOR_PORT, backend, big)
    return times.summary(backend, body_bytes, big.slots, api, floor)


def times_table(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| backend | meeting | body | paintings/s, big / small | ratio | floor paintings/s"
        " | ratio | GET/s / floor read/s | ratio | held bytes GET/s (ceiling) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        t = result["times"]
        body_ok = t["body_bytes"] <= TIMES_BODY_BYTES
        size_ok = t["paint_size_ratio"] >= TIMES_SIZE_TARGET
        floor_ok = t["paint_floor_ratio"] >= TIMES_FLOOR_TARGET
        get_ok = t["get_floor_ratio"] >= TIMES_GET_TARGET
        lines.append(
            f"| {backend} | {t['participants']} participants, {t['slots']} slots"
            f" | {t['body_bytes'] / 1e3:.0f} KB {'ok' if body_ok else 'MISSED'}"
            f" | {t['paint_big_per_s']} / {t['paint_small_per_s']}"
            f" | {t['paint_size_ratio']} ≥ {TIMES_SIZE_TARGET} {'ok' if size_ok else 'MISSED'}"
            f" | {t['floor_paint_per_s']}"
            f" | {t['paint_floor_ratio']} ≥ {TIMES_FLOOR_TARGET} {'ok' if floor_ok else 'MISSED'}"
            f" | {t['get_big_per_s']} / {t['floor_get_per_s']}"
            f" | {t['get_floor_ratio']} ≥ {TIMES_GET_TARGET} {'ok' if get_ok else 'MISSED'}"
            f" | {t['ceiling_get_per_s']} ({t['ceiling_floor_ratio']} x the floor read) |"
        )
    return "\n".join(lines)


LIMITS_PORTS = 18010  # and the next ones, one per server of bench/limits.py


def measure_limits(backend: str, env: dict[str, str]) -> dict[str, Any]:
    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        log(f"{backend}: limits: no Redis (TEST_REDIS_URL), measured in memory only")
    configs = limits.configs(redis_url)
    ports = {name: LIMITS_PORTS + n for n, name in enumerate(configs)}

    @contextmanager
    def serving() -> Iterator[None]:
        with ExitStack() as stack:
            for name, config in configs.items():
                stack.enter_context(server("asgi:app", ports[name], {**env, **config}))
            log(f"{backend}: limits: {', '.join(configs)}, {limits.ROUNDS} rounds in turns")
            yield

    return limits.measure(backend, ports, serving)


def measure(backend: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    log(f"{backend}: fresh database {DATABASE}")
    fresh_database(backend)
    env = bench_env(backend)
    big = measure_big(backend, env)
    timed = measure_times(backend, env)
    limited = measure_limits(backend, env)
    seeds = work / f"{backend}-seeds.json"
    with server("asgi:app", API_PORT, env) as api:
        log(f"{backend}: measuring the API")
        api_result = harness(
            args,
            [
                "--base-url",
                f"http://127.0.0.1:{API_PORT}",
                "--backend",
                backend,
                "--save-seeds",
                str(seeds),
            ],
            work / f"{backend}-api.json",
        )
        rss = streams.rss_mb(api.pid)
        stale_codes = [seed["url_code"] for seed in map(json.loads(seeds.read_text()).get, GETS)]
        log(f"{backend}: GETs while another writer bumps those meetings' versions")
        with bumper(backend, stale_codes, env) as bumps:
            stale = measure_gets(args, API_PORT, backend, seeds, work / f"{backend}-stale.json")
        with server("asgi:app", OTHER_API_PORT, env):
            log(f"{backend}: a full meeting, changed through a second process")
            settings = Settings()
            full = full_meeting.measure(
                f"http://127.0.0.1:{API_PORT}",
                f"http://127.0.0.1:{OTHER_API_PORT}",
                backend,
                settings.max_participants,
                settings.max_range_days,
            )
        with server("asgi:app", OTHER_API_PORT, env) as other:
            log(f"{backend}: {streams.STREAMS} event streams over two processes")
            pair = [streams.Server(API_PORT, api.pid), streams.Server(OTHER_API_PORT, other.pid)]
            streamed = streams.measure(pair, backend)
        with server("bench.floor:app", FLOOR_PORT, {**env, "FLOOR_KIND": "json"}):
            log(f"{backend}: the JSON floor, while the same writer bumps the same meetings")
            with bumper(backend, stale_codes, env) as floor_bumps:
                json_floor = measure_gets(
                    args, FLOOR_PORT, backend, seeds, work / f"{backend}-json-floor.json"
                )
        with server("bench.floor:app", FLOOR_PORT, env):
            log(f"{backend}: measuring the floor on the same meetings")
            floor_result = measure_gets(
                args, FLOOR_PORT, backend, seeds, work / f"{backend}-floor.json"
            )
    return {
        "api": api_result,
        "floor": floor_result,
        "rss_mb": round(rss, 1),
        "full": full,
        "stale": stale,
        "json_floor": json_floor,
        "bumps_per_s": [bumps[0], floor_bumps[0]],
        "streams": streamed,
        "big": big,
        "times": timed,
        "limits": limited,
    }


def run_soak(backends: list[str], minutes: float, warmup: float) -> dict[str, Any]:
    for backend in backends:
        log(f"{backend}: fresh database {DATABASE} for the soak")
        fresh_database(backend)
    with server("asgi:app", API_PORT, bench_env(backends[0])) as api:
        log(f"soak: {warmup:.0f} s warm-up, then {minutes:g} min of mixed load on {backends}")
        return soak.soak(API_PORT, api.pid, backends, warmup, minutes * 60)


def soak_table(result: dict[str, Any]) -> str:
    lines = [
        "| soak | requests (req/s) | p50 / p99 ms | 5xx | failed connections"
        " | streams opened (events) | RSS warm → end (max) | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    failed = sum(result["failed_connections"].values())
    rss = (
        f"{result['rss_warm_mb']} → {result['rss_end_mb']} MB ({result['rss_max_mb']}),"
        f" {result['rss_growth']:+.1%}"
    )
    lines.append(
        f"| {' + '.join(result['backends'])}, {result['duration_s'] / 60:g} min"
        f" after {result['warmup_s']:.0f} s | {result['requests']} ({result['requests_per_s']})"
        f" | {result['p50_ms']} / {result['p99_ms']} | {result['server_errors']} | {failed}"
        f" | {result['streams_opened']} ({result['events']}) | {rss}"
        f" | {'ok' if result['passed'] else 'MISSED'} |"
    )
    lines += [
        "",
        "Answers by status: "
        + ", ".join(f"{name}: {count}" for name, count in result["statuses"].items()),
    ]
    held = ", ".join(f"{name} {value:g}" for name, value in result["left_open_after"].items())
    lines.append(f"Held after the load stopped: {held}")
    return "\n".join(lines)


def big_table(results: dict[str, dict[str, Any]]) -> str:
    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    lines = [
        "| backend | day changes/s, full meeting / small: minimal | ratio | answered / small"
        " change + full GET | ratio |",
        "|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        size = result["big"]["size"]
        minimal_ok = size["minimal_ratio"] >= MINIMAL_SIZE_TARGET
        answered_ok = size["answered_ratio"] >= ANSWERED_SIZE_TARGET
        lines.append(
            f"| {backend} | {size['minimal_full_per_s']} / {size['minimal_small_per_s']}"
            f" | {size['minimal_ratio']} ≥ {MINIMAL_SIZE_TARGET} {verdict(minimal_ok)}"
            f" | {size['answered_full_per_s']} / {size['small_change_and_full_get_per_s']}"
            f" | {size['answered_ratio']} ≥ {ANSWERED_SIZE_TARGET} {verdict(answered_ok)} |"
        )
    lines += [
        "",
        "| backend | joins, one meeting | non-2xx | first 50 / last 50 p50 ms | ratio | p99 ms |",
        "|---|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        burst = result["big"]["burst"]
        ok = burst["non_2xx"] == 0 and burst["ratio"] <= BURST_TARGET
        lines.append(
            f"| {backend} | {burst['joins']} from {big_meetings.BURST_CLIENTS} clients"
            f" | {burst['non_2xx']} | {burst['first_50_p50_ms']} / {burst['last_50_p50_ms']}"
            f" | {burst['ratio']} ≤ {BURST_TARGET} {verdict(ok)} | {burst['p99_ms']} |"
        )
    lines += [
        "",
        "| backend | patch streams | first event | mean event after it | change-to-event"
        " p50 / p99 ms | not on the last version | RSS at most |",
        "|---|---|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        fan = result["big"]["fan_out"]
        size_ok = fan["mean_event_bytes"] <= FAN_OUT_EVENT_BYTES
        latency_ok = fan["p99_ms"] <= STREAM_P99_TARGET_MS
        rss_ok = fan["rss_max_mb"] <= FAN_OUT_RSS_MB
        lines.append(
            f"| {backend} | {fan['streams']}, {fan['rate_per_s']} changes/s"
            f" | {fan['first_event_bytes'] / 1e6:.2f} MB"
            f" | {fan['mean_event_bytes']} B {verdict(size_ok)}"
            f" | {fan['p50_ms']} / {fan['p99_ms']} {verdict(latency_ok)}"
            f" | {fan['not_on_last_version']} {verdict(fan['not_on_last_version'] == 0)}"
            f" | {fan['rss_max_mb']} MB {verdict(rss_ok)} |"
        )
    return "\n".join(lines)


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| backend | scenario | req/s | p50 ms | p99 ms | non-2xx | floor GET req/s | ratio"
        " | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        api = result["api"]["scenarios"]
        floor = result["floor"]["scenarios"]
        for name in ("get_p10", "get_p100"):
            median = floor[name]["median"]
            lines.append(
                f"| {backend} | floor {name} | {median['rps']} | {median['p50_ms']} |"
                f" {median['p99_ms']} | {median['non2xx_total']} | | | |"
            )
        for name, against, least in TARGETS:
            median = api[name]["median"]
            base = floor[against]["median"]["rps"]
            ratio = median["rps"] / base if base else float("nan")
            verdict = "ok" if ratio >= least and median["non2xx_total"] == 0 else "MISSED"
            cells = [backend, name, median["rps"], median["p50_ms"], median["p99_ms"]]
            cells += [median["non2xx_total"], f"{base} ({against})", f"{ratio:.2f}"]
            lines.append("| " + " | ".join(map(str, cells)) + f" | ≥ {least} {verdict} |")
        verdict = "ok" if result["rss_mb"] <= 150 else "MISSED"
        rss = f"{result['rss_mb']} MB"
        lines.append(f"| {backend} | RSS after the run | {rss} | | | | | | ≤ 150 MB {verdict} |")
    lines += [
        "",
        "| backend | full meeting | body | GET, kept body | GET after another process changed it"
        " | day change |",
        "|---|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        full = result["full"]
        lines.append(
            f"| {backend} | {full['participants']} participants, {full['days']} days"
            f" | {full['body_bytes'] / 1e6:.2f} MB | {full['get_kept_ms']} ms"
            f" | {full['get_after_other_process_ms']} ms | {full['day_change_ms']} ms |"
        )
    lines += [
        "",
        "| backend | GET while another writer bumps the version | req/s | p99 ms"
        " | JSON floor req/s | ratio | target | one at a time p50 ms, API / floor |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        stale = result["stale"]["scenarios"]
        floor = result["json_floor"]["scenarios"]
        for name in GETS:
            median, base = stale[name]["median"], floor[name]["median"]["rps"]
            alone = f"{stale[name]['serial_c1']['p50_ms']} / {floor[name]['serial_c1']['p50_ms']}"
            ratio = median["rps"] / base if base else float("nan")
            ok = ratio >= STALE_TARGET and median["non2xx_total"] == 0
            bumps = "/".join(map(str, result["bumps_per_s"]))
            lines.append(
                f"| {backend} | {name} ({bumps} bumps/s) | {median['rps']} | {median['p99_ms']}"
                f" | {base} | {ratio:.2f} | ≥ {STALE_TARGET} {'ok' if ok else 'MISSED'}"
                f" | {alone} |"
            )
    lines += [
        "",
        "| backend | streams | change-to-event p50 / p99 ms | same process | other process"
        " | lost final states | idle CPU (both) | RSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        s = result["streams"]
        ok = s["p99_ms"] <= STREAM_P99_TARGET_MS and s["lost_final_states"] == 0
        lines.append(
            f"| {backend} | {s['streams']} on {s['meetings']} meetings, {s['rate_per_s']}"
            f" changes/s | {s['p50_ms']} / {s['p99_ms']} {'ok' if ok else 'MISSED'}"
            f" | {s['same_process_p50_ms']} / {s['same_process_p99_ms']}"
            f" | {s['other_process_p50_ms']} / {s['other_process_p99_ms']}"
            f" | {s['lost_final_states']} | {s['idle_cpu_percent']}% of a core"
            f" | {' + '.join(map(str, s['rss_mb']))} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--backends", default="mysql,edgedb")
    parser.add_argument(
        "--quick", action="store_true", help="3 s runs, once: a smoke test, not figures"
    )
    parser.add_argument("--harness", type=Path, default=DEFAULT_HARNESS, help="bench_api.py")
    parser.add_argument("--out", type=Path, help="write every figure as JSON here too")
    parser.add_argument(
        "--only",
        choices=["figures", "soak", "big", "times", "limits"],
        help="the measurements, the soak, the big meetings, times, or the limits, alone",
    )
    parser.add_argument(
        "--soak-minutes", type=float, help="how long the soak runs after its warm-up (10)"
    )
    args = parser.parse_args()
    if not args.harness.exists():
        raise SystemExit(f"no benchmark harness at {args.harness}; pass --harness PATH")
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    if "edgedb" in backends and not edgedb_configured(Settings()):
        log("edgedb: no server configured, measuring mysql only")
        backends.remove("edgedb")
    results: dict[str, Any] = {}
    if args.only == "big":
        for backend in backends:
            fresh_database(backend)
            results[backend] = {"big": measure_big(backend, bench_env(backend))}
        print(big_table(results))
    elif args.only == "times":
        for backend in backends:
            fresh_database(backend)
            results[backend] = {"times": measure_times(backend, bench_env(backend))}
        print(times_table(results))
    elif args.only == "limits":
        for backend in backends:
            fresh_database(backend)
            results[backend] = {"limits": measure_limits(backend, bench_env(backend))}
        print(limits.table(results))
    elif args.only != "soak":
        with tempfile.TemporaryDirectory(prefix="meetifyr-bench-") as scratch:
            for backend in backends:
                results[backend] = measure(backend, args, Path(scratch))
        print(table(results))
        print()
        print(big_table(results))
        print()
        print(times_table(results))
        print()
        print(limits.table(results))
    if args.only not in ("figures", "big", "times", "limits"):
        minutes = args.soak_minutes or (1 if args.quick else 10)
        results["soak"] = run_soak(backends, minutes, SOAK_WARMUP_S / (3 if args.quick else 1))
        print(soak_table(results["soak"]))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
