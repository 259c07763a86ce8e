from ninja import Router

router = Router(tags=["政府内部程序"])
