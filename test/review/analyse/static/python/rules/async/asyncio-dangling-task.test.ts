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

          async def _prepare_then_notify(self) -> None:
              await self.redis.set("notified", "1")
              try:
                  await self.socket.emit("ping")
              except Exception:
                  pass

          def on_change(self) -> None:
              asyncio.create_task(self._notify("changed"))
              asyncio.create_task(self._quiet())
              asyncio.create_task(self._only_timeouts())
              asyncio.create_task(self._disable())
              asyncio.create_task(self._describe("click"))
              asyncio.create_task(self._prepare_then_notify())
    `;
    expect(await linesOf(RULE, 'app/scheduler.py', src)).toEqual([46, 47, 49]);
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
});
