import { linesOf, py } from '../../review-python.js';

const RULE = 'asyncio-dangling-task';

describe(RULE, () => {
  it('flags a dropped create_task / ensure_future', async () => {
    const src = py`
      import asyncio

      async def job():
          ...

      async def handler():
          asyncio.create_task(job())
          asyncio.get_running_loop().create_task(job())
          asyncio.ensure_future(job())
    `;
    expect(await linesOf(RULE, 'app/x.py', src)).toEqual([7, 8, 9]);
  });

  it('does not flag stored tasks or TaskGroup tasks', async () => {
    const src = py`
      import asyncio

      BACKGROUND = set()

      async def job():
          ...

      async def handler():
          task = asyncio.create_task(job())
          BACKGROUND.add(task)
          async with asyncio.TaskGroup() as tg:
              tg.create_task(job())
    `;
    expect(await linesOf(RULE, 'app/x.py', src)).toEqual([]);
  });

  it('leaves a fire-and-forget coroutine that handles its own failures, and flags one whose failure would vanish', async () => {
    const src = py`
      import asyncio
      import contextlib
      import logging

      log = logging.getLogger(__name__)

      class Scheduler:
          async def _notify(self, msg: str) -> None:
              """Best effort."""
              try:
                  await self.socket.emit("task", msg)
              except Exception as exc:
                  log.warning("notify failed: %s", exc)

          async def _quiet(self) -> None:
              with contextlib.suppress(Exception):
                  await self.socket.emit("ping")

          async def _only_timeouts(self) -> None:
              try:
                  await self.redis.set("schedule", "1")
              except TimeoutError:
                  pass

          async def _disable(self) -> None:
              await self.redis.set("schedule", "0")

          async def _describe(self, kind: str) -> str:
              label = f"Auto-generated for {kind}"
              try:
                  label = await self.llm.describe(kind)
              except Exception:
                  log.exception("describe failed")
              return label

          async def _generate_then_save(self) -> None:
              try:
                  text = await self.llm.describe("run")
              except Exception:
                  return
              await self.store.save(text)

          async def _two_steps(self) -> None:
              await self.redis.set("notified", "1")
              try:
                  await self.socket.emit("ping")
              except Exception:
                  pass
              await self.redis.set("notified", "2")

          async def _through_helper(self) -> None:
              log.info("starting")
              await self._notify("again")
              await asyncio.sleep(1)
              await self._notify("twice")

          async def _forever(self) -> None:
              while True:
                  with contextlib.suppress(Exception):
                      await self.socket.emit("tick")

          async def _every(self, max_runs: int | None = None) -> None:
              runs = 0
              while max_runs is None or runs < max_runs:
                  try:
                      await self.job()
                      runs += 1
                  except Exception:
                      pass
                  await asyncio.sleep(60)

          async def _until(self, deadline: float) -> None:
              while asyncio.get_running_loop().time() < deadline:
                  with contextlib.suppress(Exception):
                      await self.socket.emit("tick")
                  await asyncio.sleep(1)

          def on_change(self) -> None:
              asyncio.create_task(self._notify("changed"))
              asyncio.create_task(self._quiet())
              asyncio.create_task(self._only_timeouts())
              asyncio.create_task(self._disable())
              asyncio.create_task(self._describe("click"))
              asyncio.create_task(self._generate_then_save())
              asyncio.create_task(self._two_steps())
              asyncio.create_task(self._through_helper())
              asyncio.create_task(self._forever())
              asyncio.create_task(self._every())
              asyncio.create_task(self._until(5.0))
    `;
    // The failures it expects handled (TimeoutError, through a helper, one save after a caught generation): left.
    // Unguarded work, two steps outside the handler, or a service that runs forever (a periodic loop no deadline bounds): flagged.
    expect(await linesOf(RULE, 'app/scheduler.py', src)).toEqual([82, 85, 87, 88]);
  });

  it('looks through a method to every override before leaving a task, and never through an abstract one', async () => {
    const src = (s3: string) => py`
      import abc
      import asyncio


      class Storage(abc.ABC):
          async def store(self, data: bytes) -> None:
              try:
                  await self.fs.write(data)
              except OSError:
                  pass

          @abc.abstractmethod
          async def delete(self, key: str) -> None:
              ...


      class S3Storage(Storage):
${s3}

          async def delete(self, key: str) -> None:
              try:
                  await self.client.delete_object(key)
              except Exception:
                  pass


      def on_upload(storage: Storage, data: bytes) -> None:
          asyncio.create_task(storage.store(data))
          asyncio.create_task(storage.delete("old"))
    `;
    const guarded = '          async def store(self, data: bytes) -> None:\n              try:\n                  await self.client.put_object(data)\n              except Exception:\n                  pass';
    expect(await linesOf(RULE, 'app/storage.py', src(guarded))).toEqual([]);
    expect(await linesOf(RULE, 'app/storage.py', src(guarded.replace(/try:\n\s+(await .*)\n.*\n.*pass/, '$1')))).toEqual([29]);
  });

  it('leaves an emitter scheduling whatever a listener returned, and a finaliser; flags a known coroutine scheduled from a sync callback', async () => {
    const src = py`
      import asyncio
      import inspect

      class Emitter:
          def emit(self, event, *args):
              for handler in self.listeners[event]:
                  result = handler(*args)
                  if asyncio.iscoroutine(result):
                      asyncio.ensure_future(result)
                  pending = handler(*args)
                  if inspect.isawaitable(pending):
                      asyncio.ensure_future(pending)

          def on_event(self, params):
              coro = self.persist(params)
              asyncio.ensure_future(coro)

          async def persist(self, params):
              await self.db.save(params)

      class Client:
          async def aclose(self):
              await self.transport.close()

          def __del__(self):
              asyncio.get_running_loop().create_task(self.aclose())

          def close_later(self):
              asyncio.get_running_loop().create_task(self.aclose())
    `;
    expect(await linesOf(RULE, 'app/emitter.py', src)).toEqual([16, 29]);
  });

  it('leaves shutdown from a signal handler, an optional hook, work marked best effort, and the twin of a listener lambda', async () => {
    const src = py`
      import asyncio
      import signal


      class Worker:
          async def stop(self) -> None:
              await self.client.close()

          async def refresh(self, item) -> None:
              await self.client.refresh(item)

          def _on_signal(self, signum, frame) -> None:
              asyncio.create_task(self.stop())

          def install(self) -> None:
              signal.signal(signal.SIGTERM, self._on_signal)

          def drain(self) -> None:
              if self.on_drain:
                  asyncio.create_task(self.on_drain())

          def touch(self, item) -> None:
              # Best effort: a missed refresh is redone on the next read.
              asyncio.create_task(self.refresh(item))

          def watch(self, page) -> None:
              for item in page.items:
                  asyncio.create_task(self.refresh(item))
              page.on("item", lambda item: asyncio.create_task(self.refresh(item)))

          def other(self, item) -> None:
              asyncio.create_task(self.refresh(item))
    `;
    expect(await linesOf(RULE, 'app/worker.py', src)).toEqual([32]);
  });
});
