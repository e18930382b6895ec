import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { importBoundaries } from './import-boundaries.js';
import type { Rule } from 'eslint';

// RuleTester hooks into the test framework through these statics.
Object.assign(RuleTester, { afterAll, describe, it });

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });
const file = (rel: string) => path.resolve('src', rel);

tester.run('import-boundaries', importBoundaries as unknown as Rule.RuleModule, {
  valid: [
    { filename: file('web/features/runs/api/run-list.ts'), code: "import { x } from '../../../../contract/bff';" },
    { filename: file('web/features/runs/api/run-list.ts'), code: "import { x } from '@/contract/bff';" },
    { filename: file('web/features/runs/components/list.tsx'), code: "import { y } from '../api/run-list';" },
    { filename: file('web/features/runs/components/list.tsx'), code: "import { Button } from '../../../components/ui/button';" },
    { filename: file('web/app/routes/run-page.tsx'), code: "import { a } from '../../features/run-detail/a';" },
    { filename: file('web/lib/api-client.ts'), code: "import { z } from 'zod/mini';" },
    { filename: file('server/main.ts'), code: "import { startSimulator } from '../simulator/start-simulator';" },
    { filename: file('server/testing/harness.ts'), code: "import { startSimulator } from '../../simulator/start-simulator';" },
    { filename: file('server/routes/runs.test.ts'), code: "import { startSimulator } from '../../simulator/start-simulator';" },
    { filename: file('simulator/http/routes.ts'), code: "import { taskRunSchema } from '../../contract/upstream';" },
    { filename: file('web/components/ui/button.tsx'), code: "import { cn } from '../../lib/cn';" },
    { filename: file('web/lib/testing/make-run.ts'), code: "import type { RunRow } from '../../../contract/bff';" },
  ],
  invalid: [
    { filename: file('web/features/runs/a.ts'), code: "import { b } from '../lookup/b';", errors: 1 },
    { filename: file('web/features/runs/a.ts'), code: "import { b } from '@/web/features/lookup/b';", errors: 1 },
    { filename: file('web/lib/a.ts'), code: "import { log } from '@/server/logger';", errors: 1 },
    { filename: file('web/features/runs/a.ts'), code: "import { page } from '../../app/routes/run-page';", errors: 1 },
    { filename: file('web/lib/a.ts'), code: "import { log } from '../../server/logger';", errors: 1 },
    { filename: file('web/lib/a.ts'), code: "import fs from 'node:fs';", errors: 1 },
    { filename: file('web/lib/a.ts'), code: "import { z } from 'zod';", errors: 1 },
    { filename: file('web/features/runs/a.ts'), code: "import { taskRunSchema } from '../../../contract/upstream';", errors: 1 },
    { filename: file('server/app.ts'), code: "import { Button } from '../web/components/ui/button';", errors: 1 },
    { filename: file('simulator/a.ts'), code: "import { log } from '../server/logger';", errors: 1 },
    { filename: file('server/routes/runs.ts'), code: "import { startSimulator } from '../../simulator/start-simulator';", errors: 1 },
    { filename: file('contract/a.ts'), code: "import { x } from '../web/lib/format';", errors: 1 },
    { filename: file('contract/a.ts'), code: "import { Hono } from 'hono';", errors: 1 },
    { filename: file('web/lib/a.ts'), code: "import { useSession } from '../features/session/use-session';", errors: 1 },
    { filename: file('web/lib/testing/render.tsx'), code: "import { RunPage } from '../../app/routes/run-page';", errors: 1 },
    { filename: file('web/components/ui/a.tsx'), code: "import { Panel } from '../../features/interaction/panel';", errors: 1 },
    { filename: file('web/components/ui/a.tsx'), code: "const shell = import('../../app/app-shell');", errors: 1 },
    { filename: file('web/components/ui/a.tsx'), code: "export { RunRow } from '../../features/runs/run-row';", errors: 1 },
  ],
});
