## Reliability: flood control

flood-slow-down = 🐢 你发得有点快,我先歇口气。请等 10 秒再发,我会接着帮你。
