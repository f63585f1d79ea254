## Reliability: flood control

flood-slow-down = 🐢 You are sending messages very fast. Please wait 10 seconds and I will carry on helping you.
