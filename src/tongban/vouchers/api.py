from ninja import Router

router = Router(tags=["消费券"])
