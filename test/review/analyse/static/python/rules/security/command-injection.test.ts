import { calledByRoute, linesOf, py } from '../../review-python.js';

const RULE = 'command-injection';

describe(RULE, () => {
  it('flags a formatted command run through the shell', async () => {
    const src = py`
      import os
      import subprocess

      MIRROR_ROOT = "/srv/mirrors"

      def create_mirror(name: str, repo_url: str, branch: str):
          cmd = f"git clone --mirror --branch {branch} {repo_url} {MIRROR_ROOT}/{name}.git"
          subprocess.run(cmd, shell=True, check=True)

      def thumbnail(path: str):
          os.system("convert " + path + " thumb.png")
    `;
    const route = calledByRoute('name: str, repo_url: str, branch: str, path: str', 'create_mirror(name, repo_url, branch)', 'thumbnail(path)');
    expect(await linesOf(RULE, 'app/routers/mirrors.py', src + route)).toEqual([8, 11]);
    // The same helpers that nothing hands the client's text run what the program chose.
    expect(await linesOf(RULE, 'app/routers/mirrors.py', src)).toEqual([]);
  });

  it('leaves build and release tooling alone (a setup.py built on setuptools): only maintainers run it, with their own values', async () => {
    const src = py`
      import os
      import sys
      from setuptools import setup

      VERSION = open("VERSION").read().strip()

      if sys.argv[-1] == "publish":
          os.system(f"{sys.executable} -m build && twine upload dist/*{VERSION}*")
          sys.exit()

      setup(name="pkg", version=VERSION)
    `;
    expect(await linesOf(RULE, 'setup.py', src)).toEqual([]);
    // A module that only shares the name (`app/views/setup.py`, a first-run wizard) is the app's own code.
    // One that a route feeds runs the client's text.
    const wizard = src.replace('from setuptools import setup', 'from app.packaging import setup').replace('if sys.argv[-1] == "publish":', 'def publish(VERSION: str):') + calledByRoute('version: str', 'publish(version)');
    expect(await linesOf(RULE, 'app/views/setup.py', wizard)).toEqual([8]);
  });

  it('flags a shell call imported under another name (from subprocess import run as sh)', async () => {
    const src = py`
      from subprocess import run as sh

      def archive(name: str):
          sh(f"tar czf /tmp/{name}.tgz /srv/{name}", shell=True)
    `;
    expect(await linesOf(RULE, 'app/routers/archive.py', src + calledByRoute('name: str', 'archive(name)'))).toEqual([4]);
  });

  it('does not flag argument lists, constants or quoted values', async () => {
    const src = py`
      import shlex
      import subprocess

      BACKUP = "pg_dump app > /backups/app.sql"

      def ok(repo_url: str, name: str):
          subprocess.run(["git", "clone", repo_url, name], check=True)
          subprocess.run(BACKUP, shell=True, check=True)
          subprocess.run(f"git clone {shlex.quote(repo_url)}", shell=True, check=True)
    `;
    expect(await linesOf(RULE, 'app/ok.py', src)).toEqual([]);
  });

  it("trusts the parts of a URL parsed from the app's settings, not of one from the request", async () => {
    const src = py`
      import subprocess
      from urllib.parse import urlparse
      from app.config import settings

      def backup():
          p = urlparse(settings.database_url)
          subprocess.run(f"pg_dump --host={p.hostname} --username={p.username}", shell=True, check=True)

      def fetch(url: str):
          q = urlparse(url)
          subprocess.run(f"curl https://{q.hostname}/", shell=True, check=True)
    `;
    expect(await linesOf(RULE, 'app/backup.py', src + calledByRoute('url: str', 'backup()', 'fetch(url)'))).toEqual([11]);
  });
});
