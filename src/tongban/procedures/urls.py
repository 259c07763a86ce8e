app_name = "procedures"

urlpatterns: list = []
