import asyncio

from django.http import JsonResponse

STORIES = [
    {"slug": "asgi", "title": "Django answers over ASGI"},
    {"slug": "async-views", "title": "Views can be coroutines"},
]


async def story_list(request):
    # Stands in for an awaited call to another service.
    await asyncio.sleep(0)
    return JsonResponse({"stories": STORIES})


async def healthz(request):
    return JsonResponse({"status": "ok"})
