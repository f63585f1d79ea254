"""The service map (暖新服务地图): a small web app served by the bot process itself."""
