"""The real binary's resident memory after work that allocates a lot at once."""
import requests

from test_sign_in import sign_in


def resident_kib(portico):
    with open(f"/proc/{portico.process.pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS line")


def test_sign_ins_give_back_the_password_hash_memory(portico_with_admin):
    # Each sign-in runs scrypt over 16 MiB. When glibc's arenas kept that block per worker thread, five
    # sign-ins left about 50 MiB more resident for good.
    with requests.Session() as http:
        assert sign_in(portico_with_admin, http).status_code == 303
    before = resident_kib(portico_with_admin)
    for _ in range(5):
        with requests.Session() as http:
            assert sign_in(portico_with_admin, http).status_code == 303
    grown = resident_kib(portico_with_admin) - before
    assert grown < 8 * 1024, f"resident memory grew by {grown} KiB over five sign-ins"
