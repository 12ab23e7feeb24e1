module example.com/shop/api

go 1.22

require example.com/shop/shared v0.0.0
