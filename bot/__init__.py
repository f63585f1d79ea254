"""xiaoge-bot: a chatbot for Hangzhou's couriers (外卖小哥) and the people who look after them."""
