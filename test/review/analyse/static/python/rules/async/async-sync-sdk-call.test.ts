import { findingsOf, linesOf, py } from '../../review-python.js';

const RULE = 'async-sync-sdk-call';

const MONITOR = py`
  import platform
  import psutil

  class HostInfo:
      @staticmethod
      def cpu() -> dict:
          return {"usage": psutil.cpu_percent(interval=1), "cores": psutil.cpu_count()}

      @staticmethod
      def memory() -> dict:
          return {"used": psutil.virtual_memory().percent, "os": platform.system()}

  host_info = HostInfo()
`;

describe(RULE, () => {
  it('flags Stripe, the sync OpenAI client, PyMongo, Slack and DNS lookups in async def, with the fix of each SDK', async () => {
    const src = py`
      import socket
      import stripe
      from openai import OpenAI
      from pymongo import MongoClient
      from slack_sdk import WebClient

      llm = OpenAI()
      mongo = MongoClient("mongodb://db").app
      slack = WebClient(token="x")

      async def subscribe(email: str, price: str):
          customer = stripe.Customer.create(email=email)
          return stripe.checkout.Session.create(customer=customer.id, line_items=[{"price": price}])

      async def summarise(text: str):
          reply = llm.chat.completions.create(model="m", messages=[{"role": "user", "content": text}])
          return reply.choices[0].message.content

      async def profile(user_id: str):
          return mongo.users.find_one({"_id": user_id})

      async def notify(channel: str):
          slack.chat_postMessage(channel=channel, text="deployed")

      async def resolve(host: str):
          return socket.gethostbyname(host)
    `;
    const found = await findingsOf(RULE, [{ path: 'app/services/integrations.py', head: src }]);
    expect(found.map((f) => f.line)).toEqual([12, 16, 20, 23, 26]);
    expect(found[0].message).toContain('`stripe.Customer.create()` (Stripe, sync HTTP)');
    expect(found[0].message).toContain('line 13');
    expect(found[0].message).toContain('create_async');
    expect(found[1].message).toContain('AsyncOpenAI');
    expect(found[2].message).toContain('AsyncMongoClient');
  });

  it('follows a helper in another module that sleeps in psutil.cpu_percent(interval=1)', async () => {
    const src = py`
      from fastapi import APIRouter
      from app.utils.host import host_info

      router = APIRouter()

      @router.get("/monitor")
      async def monitor():
          return {"cpu": host_info.cpu(), "mem": host_info.memory()}
    `;
    const found = await findingsOf(RULE, [{ path: 'app/routers/monitor.py', head: src }], { 'app/utils/host.py': MONITOR });
    expect(found.map((f) => f.line)).toEqual([8]);
    expect(found[0].message).toContain('`cpu()` → `psutil.cpu_percent()`');
  });

  it('does not flag async variants, local SDK helpers, offloaded calls, sync routes or non-blocking psutil', async () => {
    const src = py`
      import socket
      import psutil
      import stripe
      from fastapi import FastAPI, Request
      from fastapi.concurrency import run_in_threadpool
      from openai import AsyncOpenAI

      app = FastAPI()
      llm = AsyncOpenAI()

      @app.post("/webhook")
      async def webhook(request: Request):
          event = stripe.Webhook.construct_event(await request.body(), request.headers["stripe-signature"], "whsec")
          customer = await stripe.Customer.create_async(email=event.data.object.email)
          await run_in_threadpool(stripe.Customer.modify, customer.id, metadata={"a": "b"})
          return {"host": socket.gethostname()}

      @app.post("/chat")
      async def chat(text: str):
          reply = await llm.chat.completions.create(model="m", messages=[])
          return reply.choices[0].message.content

      @app.get("/cpu")
      async def cpu():
          return psutil.cpu_percent(), psutil.cpu_percent(interval=None), psutil.virtual_memory().percent

      @app.post("/pay")
      def pay(email: str):
          return stripe.Customer.create(email=email)
    `;
    expect(await linesOf(RULE, 'app/routers/ok.py', src)).toEqual([]);
  });

  it('does not take an awaited call for a sync one when the client comes from a factory that may return either', async () => {
    const src = (call: string) => py`
      import anthropic


      class Client:
          def _client(self, is_async: bool = False) -> anthropic.AsyncAnthropic | anthropic.Anthropic:
              if is_async:
                  return anthropic.AsyncAnthropic()
              return anthropic.Anthropic()

          async def request(self, data: dict) -> dict:
              client = self._client(is_async=True)
              response = ${call}
              return response.model_dump()
    `;
    expect(await linesOf(RULE, 'app/llm.py', src('await client.messages.create(**data)'))).toEqual([]);
    expect(await linesOf(RULE, 'app/llm.py', src('client.messages.create(**data)'))).toEqual([12]);
  });

  it('does not flag code that runs from a terminal: examples, CLIs, evaluation harnesses', async () => {
    const src = py`
      import stripe

      async def main(email: str):
          return stripe.Customer.create(email=email)
    `;
    for (const path of ['examples/billing/create_customer.py', 'app/cli/billing.py', 'app/billing/cli.py', 'evals/billing.py']) {
      expect(await linesOf(RULE, path, src)).toEqual([]);
    }
    expect(await linesOf(RULE, 'app/billing/service.py', src)).toEqual([4]);
  });

  describe('the legacy (openai < 1.0) module-level API, through a wrapper module named after the library', () => {
    // `superagi/llms/openai.py` says `import openai`: the library, never the module itself; its sibling
    // `palm.py` in the same package says it too, and gets the library as well.
    const WRAPPER = py`
      import openai


      class OpenAi:
          def __init__(self, api_key, model="gpt-4"):
              self.model = model
              openai.api_key = api_key

          def chat_completion(self, messages):
              response = openai.ChatCompletion.create(model=self.model, messages=messages)
              return response.choices[0].message["content"]

          async def achat_completion(self, messages):
              response = await openai.ChatCompletion.acreate(model=self.model, messages=messages)
              return response.choices[0].message["content"]
    `;
    const SIBLING = py`
      import openai


      def embed(text):
          return openai.Embedding.create(input=[text], model="text-embedding-ada-002")["data"][0]["embedding"]
    `;
    const others = { 'superagi/__init__.py': '', 'superagi/llms/__init__.py': '', 'superagi/llms/openai.py': WRAPPER, 'superagi/llms/palm.py': SIBLING };

    it('flags openai.ChatCompletion.create / openai.Embedding.create reached through a project wrapper, not acreate', async () => {
      const src = py`
        from fastapi import FastAPI
        from superagi.llms.openai import OpenAi
        from superagi.llms.palm import embed

        app = FastAPI()

        @app.get("/validate-open-ai-key/{key}")
        async def validate(key: str):
            llm = OpenAi(api_key=key)
            return llm.chat_completion([{"role": "system", "content": "Hey!"}])

        @app.get("/validate-async/{key}")
        async def validate_async(key: str):
            return await OpenAi(api_key=key).achat_completion([{"role": "system", "content": "Hey!"}])

        @app.post("/embed")
        async def embedding(text: str):
            return embed(text)
      `;
      const found = await findingsOf(RULE, [{ path: 'main.py', head: src }], others);
      expect(found.map((f) => f.line)).toEqual([10, 18]);
      expect(found[0].message).toContain('`chat_completion()` → `openai.ChatCompletion.create()` (the sync OpenAI client)');
      expect(found[1].message).toContain('`embed()` → `openai.Embedding.create()`');
    });

    it('still resolves a sibling module when its directory is a top-level package (an app run from inside it)', async () => {
      const helper = py`
        import stripe


        def charge(email):
            return stripe.Customer.create(email=email)
      `;
      const src = py`
        from fastapi import FastAPI
        from billing import charge

        app = FastAPI()

        @app.post("/pay")
        async def pay(email: str):
            return charge(email)
      `;
      expect(await linesOf(RULE, 'app/main.py', src, { 'app/__init__.py': '', 'app/billing.py': helper })).toEqual([8]);
    });
  });
});
