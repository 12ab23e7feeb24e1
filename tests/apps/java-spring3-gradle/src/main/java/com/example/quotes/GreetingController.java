package com.example.quotes;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class GreetingController {

	@GetMapping("/healthz")
	Mono<String> greet() {
		return Mono.just("ok");
	}

}
