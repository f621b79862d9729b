from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.signal_list, name="list"),
    path("<int:pk>/", views.signal_detail, name="detail"),
    path("<int:pk>/oppakken/", views.signal_take_on, name="take-on"),
    path("<int:pk>/vastleggen/", views.signal_record, name="record"),
    path("<int:pk>/afhandelen/", views.signal_close, name="close"),
    path("<int:pk>/terugzetten/", views.signal_hand_back, name="hand-back"),
]
