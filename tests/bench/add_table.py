#!/usr/bin/env python3
"""How many files does a new record table touch? Adds one to a scratch copy and proves it works.

    python3 tests/bench/add_table.py [--keep]

Copies the committed tree (git worktree) to a temporary folder, adds an invented table
"rooms" (a partner's room for joint events: name, capacity, accessible, the partner it
belongs to, deleted with its partner) by editing only what a developer would edit, then
builds the native unit tests there and runs the ones that exercise every table generically
(JSON round trips of random documents, whole and touched validation, undo, import, storage
records). It prints the files the change touched and the tests' result; the scratch copy is
removed. Nothing in this checkout changes.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)
import serve  # noqa: E402

STRUCT = '''
// A partner's room that joint events can use (added by tests/bench/add_table.py).
struct Room {
  Id id = 0;
  Id partner_id = 0;
  std::string name;
  int capacity = 0;
  bool accessible = false;
  bool operator==(const Room&) const = default;
};
'''
DESCRIBE = '''
KOLO_DESCRIBE(Room) {
  v(Spec("id").id(), r.id);
  v(Spec("partner_id").req().ref(Table::partners, OnDelete::cascade).key_part(), r.partner_id);
  v(Spec("name").as(Text::name).req().key_part(KeyPart::folded), r.name);
  v(Spec("capacity").range(0, kMaxCount), r.capacity);
  v(Spec("accessible"), r.accessible);
}
'''
CATALOG = [
    ("table.rooms", "Rooms", "Приміщення", "Помещения"),
    ("cmd.add_room", "Add room", "Додати приміщення", "Добавить помещение"),
    ("cmd.edit_room", "Edit room", "Змінити приміщення", "Изменить помещение"),
    ("cmd.delete_room", "Delete room", "Видалити приміщення", "Удалить помещение"),
    ("field.accessible", "Step-free access", "Без сходинок", "Без ступенек"),
]
TESTS = ",".join([
    "*round trip*", "*touched-only validation*", "*every command*", "*records load back*",
    "*import*", "*merge*", "*the sample and random documents are valid*", "*every enum value*",
])


def main():
    scratch = tempfile.mkdtemp(prefix="kolo-add-table-")
    tree = os.path.join(scratch, "kolo")
    try:
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", "-q", tree, "HEAD"], check=True)
        model = os.path.join(tree, "src/core/model.hpp")
        text = open(model, encoding="utf-8").read()
        # 1. the struct, after the last record; 2. its description; 3. one line in the list.
        text = text.replace("// ------------------------------------------------------------------------------------------------\n"
                            "// [SECTION] tables", STRUCT.lstrip("\n") + "\n// ------------------------------------------------------------------------------------------------\n"
                            "// [SECTION] tables", 1)
        text = text.replace("#undef KOLO_DESCRIBE", DESCRIBE.lstrip("\n") + "#undef KOLO_DESCRIBE", 1)
        text = re.sub(r"(  X\(Interaction, interactions, interaction\) \\\n)", r"\1  X(Room, rooms, room)            \\\n", text, count=1)
        open(model, "w", encoding="utf-8").write(text)
        catalog = os.path.join(tree, "assets/i18n/core.tsv")
        with open(catalog, "a", encoding="utf-8") as fh:
            for row in CATALOG:
                fh.write("\t".join(row) + "\n")
        changed = subprocess.run(["git", "-C", tree, "diff", "--stat"], capture_output=True, text=True).stdout
        files = [l.split("|")[0].strip() for l in changed.splitlines() if "|" in l]
        print(f"[add-table] files touched to add the table 'rooms': {len(files)}")
        for f in files:
            print(f"[add-table]   {f}")
        build = os.path.join(tree, "build", "native")
        env = serve.tool_env()
        subprocess.run(["cmake", "-S", tree, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Debug", "-DKOLO_SANITIZE=ON",
                        "--log-level=WARNING"], check=True, env=env, stdout=subprocess.DEVNULL)
        subprocess.run(["cmake", "--build", build, "--target", "kolo_unit_tests"], check=True, env=env,
                        stdout=subprocess.DEVNULL)
        tests = subprocess.run([os.path.join(build, "kolo_unit_tests"), "--no-colors=true", f"-tc={TESTS}"],
                               capture_output=True, text=True)
        for l in tests.stdout.splitlines():  # what failed, if anything
            if "ERROR" in l or "logged:" in l:
                print(f"[add-table]   {l.strip()}")
        summary = [l for l in tests.stdout.splitlines() if "test cases" in l]
        print(f"[add-table] generic tests with the new table: {summary[-1] if summary else tests.stdout[-2000:]}")
        return tests.returncode
    finally:
        if "--keep" in sys.argv:
            print(f"[add-table] kept: {tree}")
        else:
            subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", tree], check=False)
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
