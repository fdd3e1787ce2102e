#!/usr/bin/env bash
# Reviews the real projects judged in bench/realworld/judgments-added.tsv (and, with --shared, the three
# of ../shared/realworld/repos.tsv) with ../shared/realworld/review-repo.sh: the last 30 commits touching
# their backend paths, each as a pull request, and the whole tree.
#   scripts/realworld/run-added.sh OUT [--shared]      (mirrors: $MIRRORS, default /work/.mirror)
#   ONLY=cofrin,skyvern scripts/realworld/run-added.sh OUT    (some of the projects)
#   JOBS=3 (default: the number of CPUs): projects reviewed at once; more than the machine has makes the
#   whole-tree reviews run into review-repo.sh's time limit and come back empty.
# Score: node scripts/realworld/score-added.mjs OUT   |   node ../shared/realworld/check.mjs --out OUT
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:?usage: run-added.sh OUT [--shared]}; MIRRORS=${MIRRORS:-/work/.mirror}
mkdir -p "$(dirname "$OUT")"
CLI=${CLI:-node $ROOT/dist/cli.js}
if [ "${2:-}" = --shared ]; then
  set -- "fullstack fastapi+full-stack-fastapi-template backend/" \
         "DVRA theowni+Damn-Vulnerable-RESTaurant-API-Game app/" \
         "mealie mealie-recipes+mealie mealie/ alembic/"
else
  set -- "dispatch Netflix+dispatch src/dispatch/" \
         "hng hngprojects+hng_boilerplate_python_fastapi_web api/ alembic/" \
         "agentops AgentOps-AI+agentops app/" \
         "aibtc aibtcdev+aibtcdev-backend app/ supabase/" \
         "airweave airweave-ai+airweave backend/airweave/ backend/alembic/" \
         "r2r SciPhi-AI+R2R py/core/ py/migrations/" \
         "fba fastapi-practices+fastapi_best_architecture backend/" \
         "skyvern Skyvern-AI+skyvern skyvern/ alembic/" \
         "cofrin DLSmilers+cofrin supabase/" \
         "chapa juan294+chapa supabase/" \
         "polar polarsource+polar server/polar/ server/migrations/" \
         "hopebite overcooked47+HopeBite-WebApp-React-FastAPI-Supabase backend/" \
         "rwapp nsidnev+fastapi-realworld-example-app app/" \
         "boiler igorbenav+FastAPI-boilerplate src/app/" \
         "minimal rafsaf+minimal-fastapi-postgres-template app/" \
         "supatempl AtticusZeller+fastapi_supabase_template backend/ supabase/" \
         "letta letta-ai+letta@87fd37aab~1 letta/ alembic/" \
         "quivr QuivrHQ+quivr@7acb52a96~1 backend/api/ backend/supabase/ backend/worker/" \
         "agentgpt reworkd+AgentGPT platform/ db/" \
         "lnbits lnbits+lnbits lnbits/" \
         "fides ethyca+fides src/fides/" \
         "mem0 mem0ai+mem0 server/" \
         "cyf supabase-community+chatgpt-your-files supabase/" \
         "sqlmodelasync jonra1993+fastapi-alembic-sqlmodel-async backend/" \
         "langgraph wassim249+fastapi-langgraph-agent-production-ready-template app/" \
         "subpay vercel+nextjs-subscription-payments supabase/" \
         "basejump usebasejump+basejump supabase/" \
         "chatbotui mckaywrigley+chatbot-ui supabase/" \
         "morphik morphik-org+morphik-core core/ ee/" \
         "tracecat TracecatHQ+tracecat tracecat/ alembic/" \
         "agenta Agenta-AI+agenta api/oss/src/ api/oss/databases/ api/ee/src/ api/ee/databases/" \
         "opengpts langchain-ai+opengpts backend/app/ backend/migrations/" \
         "oasst LAION-AI+Open-Assistant backend/oasst_backend/ backend/alembic/ inference/server/" \
         "superagi TransformerOptimus+SuperAGI superagi/ migrations/" \
         "tasking TaskingAI+TaskingAI backend/app/" \
         "opal permitio+opal packages/" \
         "makerkit makerkit+nextjs-saas-starter-kit-lite apps/web/supabase/" \
         "fief fief-dev+fief fief/" \
         "aim aimhubio+aim aim/web/ aim/storage/" \
         "phoenix Arize-ai+phoenix src/phoenix/server/ src/phoenix/db/" \
         "openreplay openreplay+openreplay api/ scripts/schema/db/" \
         "cognee topoteretes+cognee cognee/api/ cognee/modules/ cognee/alembic/" \
         "pyspur PySpur-Dev+pyspur backend/pyspur/" \
         "mlrun mlrun+mlrun server/api/" \
         "razikus Razikus+supabase-nextjs-template supabase/" \
         "nextbase imbhargav5+nextbase-nextjs-supabase-starter apps/database/" \
         "keep keephq+keep keep/api/" \
         "surfsense MODSetter+SurfSense surfsense_backend/app/ surfsense_backend/alembic/" \
         "suna Chosey98+suna backend/" \
         "onyx onyx-dot-app+onyx backend/onyx/ backend/alembic/ backend/ee/" \
         "chainlit Chainlit+chainlit backend/chainlit/" \
         "prefect PrefectHQ+prefect src/prefect/server/" \
         "capgo Cap-go+capgo supabase/migrations/" \
         "storage supabase+storage migrations/"
fi
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
pids=()
for spec in "$@"; do
  read -r name mirror paths <<<"$spec"
  if [ -n "${ONLY:-}" ] && [[ ",$ONLY," != *",$name,"* ]]; then continue; fi
  git="$MIRRORS/${mirror%@*}/repo"
  # `owner+name@rev`: the history as of that commit (letta's last commit empties the tree to archive it).
  if [[ "$mirror" == *@* ]]; then
    rev=${mirror#*@}; tmp="${TMPDIR:-/tmp}/run-added-$name.git"; rm -rf "$tmp"
    git clone -q --bare "$git" "$tmp" && git --git-dir="$tmp" update-ref HEAD "$(git --git-dir="$tmp" rev-parse "$rev")" || continue
    git="$tmp"
  fi
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  # shellcheck disable=SC2086
  (cd "$ROOT" && bash ../shared/realworld/review-repo.sh --git "$git" --name "$name" \
     --out "$OUT" --commits 30 --cli "$CLI" $paths > "$OUT.$name.log" 2>&1) &
  pids+=($!)
done
mkdir -p "$OUT"; for p in "${pids[@]}"; do wait "$p"; done
