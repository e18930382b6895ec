/** The plausible organization the demo shows: a few agents, tasks, credentials and a workflow. */
export const DEMO_AGENTS = ['agt_2Wc8Yb5m', 'agt_7Rk4Tn1x', 'agt_9Pq3Vd6h'] as const;
export const DEMO_TASKS = ['task_F3kd81Ws', 'task_Bq5Zr7Lm', 'task_Hx2Nc9Ke', 'task_Ta6Jm3Qz', 'task_Wd4Lp8Rv'] as const;
export const DEMO_CREDENTIALS = ['cred_7Hn2QpZc', 'cred_0Ke5Vd3r', 'cred_4Mw8Xs2j', 'cred_9Lb1Ty7f'] as const;
export const DEMO_WORKFLOW = 'wflo_Mc7Close26';
